package when

import (
	"testing"
	"time"
)

func TestWords(t *testing.T) {
	h, m, s := time.Hour, time.Minute, time.Second
	tests := []struct {
		d    time.Duration
		want string
	}{
		{168 * h, "7 days"},
		{168*h - 3*m, "7 days"},
		{7*24*h + 11*h, "7 days"},
		{7*24*h + 13*h, "8 days"},
		{48 * h, "2 days"},
		{47*h + 50*m, "2 days"},
		{47*h + 20*m, "1 day 23 hours"},
		{30 * h, "1 day 6 hours"},
		{24 * h, "1 day"},
		{23*h + 40*m, "1 day"},
		{23*h + 20*m, "23 hours"},
		{3 * h, "3 hours"},
		{2*h + 29*m, "2 hours"},
		{90 * m, "1 hour 30 minutes"},
		{h + 10*s, "1 hour"},
		{59*m + 50*s, "1 hour"},
		{45 * m, "45 minutes"},
		{m, "1 minute"},
		{30 * s, "30 seconds"},
		{s, "1 second"},
		{100 * time.Millisecond, "1 second"},
		{0, "no time"},
		{-5 * m, "no time"},
	}
	for _, tt := range tests {
		if got := Words(tt.d); got != tt.want {
			t.Errorf("Words(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{168 * time.Hour: "7 days left", 3 * time.Hour: "3 hours left", 0: "none left", -time.Hour: "none left"} {
		if got := Left(d); got != want {
			t.Errorf("Left(%v) = %q, want %q", d, got, want)
		}
	}
}
