package styles

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// TestPlaceholdersStandApart: without colour, and in high contrast, an
// empty field's example is styled (italic) where typed text is not, in the
// forms' theme as in the styles.
func TestPlaceholdersStandApart(t *testing.T) {
	for _, c := range []struct {
		name            string
		plain, contrast bool
	}{{"no colour", true, false}, {"high contrast", false, true}, {"high contrast, no colour", true, true}} {
		st := For(c.plain, c.contrast)
		if !st.Placeholder.GetItalic() {
			t.Errorf("%s: the placeholder is not marked", c.name)
		}
		form := st.Form.Theme(true)
		for _, f := range []lipgloss.Style{form.Focused.TextInput.Placeholder, form.Blurred.TextInput.Placeholder} {
			if !f.GetItalic() {
				t.Errorf("%s: a form's placeholder is not marked", c.name)
			}
		}
		if form.Focused.TextInput.Text.GetItalic() {
			t.Errorf("%s: typed text is styled as a placeholder", c.name)
		}
	}
}

// TestHighContrast: no grey anywhere, and the selection does not rest on
// colour alone (reverse video).
func TestHighContrast(t *testing.T) {
	st := For(false, true)
	for name, s := range map[string]lipgloss.Style{"Muted": st.Muted, "Label": st.Label, "StatusBar": st.StatusBar, "Normal": st.Normal} {
		if _, none := s.GetForeground().(lipgloss.NoColor); !none {
			t.Errorf("%s has a colour in high contrast: %v", name, s.GetForeground())
		}
	}
	if !st.Selected.GetReverse() || !st.Selected.GetBold() {
		t.Error("the selection is not in bold reverse video")
	}
	if out := st.Selected.Render("x"); !strings.Contains(out, "7") {
		t.Errorf("the selection renders without reverse video: %q", out)
	}
	if _, none := New(false).Muted.GetForeground().(lipgloss.NoColor); none {
		t.Error("the usual look lost its muted colour")
	}
}

// TestExamplesMarkedWithoutColour: a form's example starts with "e.g."
// where colour cannot set it apart (no colour, high contrast), and is left
// as it is in colour.
func TestExamplesMarkedWithoutColour(t *testing.T) {
	for _, c := range []struct {
		plain, contrast bool
		want            string
	}{{true, false, "e.g. 500 mg"}, {false, true, "e.g. 500 mg"}, {true, true, "e.g. 500 mg"}, {false, false, "500 mg"}} {
		st := For(c.plain, c.contrast)
		if got := st.Example("500 mg"); got != c.want {
			t.Errorf("plain=%v contrast=%v: %q, want %q", c.plain, c.contrast, got, c.want)
		}
	}
	var none *Styles
	if got := none.Example("500 mg"); got != "500 mg" {
		t.Errorf("without styles: %q", got)
	}
}
