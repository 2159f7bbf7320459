package screen

import "testing"

func TestDraftRoundTrip(t *testing.T) {
	type form struct{ Name string }
	name, b, ok := MakeDraft(AddCarer, form{Name: "Sam"})
	if !ok || name != AddCarer {
		t.Fatalf("MakeDraft = %q, ok %v", name, ok)
	}
	var got form
	if err := ReadDraft(b, &got); err != nil || got.Name != "Sam" {
		t.Fatalf("ReadDraft = %+v, %v", got, err)
	}
	if _, _, ok := MakeDraft(AddCarer, func() {}); ok {
		t.Error("a draft that cannot be written was handed over")
	}
	for _, bad := range [][]byte{nil, []byte("{"), []byte(`"text"`)} {
		if err := ReadDraft(bad, &got); err == nil {
			t.Errorf("ReadDraft(%q) took it", bad)
		}
	}
}
