package fhir

import (
	"bytes"
	"encoding/json"
	"testing"
)

// jsonStrings are strings that take every path of writeJSONString.
var jsonStrings = []string{
	"", "plain", "HbA1c 6.8 %", `quote " and \ backslash`, "<b>&amp;</b>", "tab\there\nnewline\rreturn",
	"\b\f\x00\x01\x1f\x7f", "café ✓ 日本語 😀", "bad \xff\xfe utf-8 \xc3", "line\u2028para\u2029end",
	"\u00e9\u0301 combining", "ends with \\",
}

// TestJSONWriterAsMarshal checks that the writer's own encoding of strings,
// numbers, booleans and lists gives the bytes json.Marshal gives.
func TestJSONWriterAsMarshal(t *testing.T) {
	values := []any{json.Number("6.8"), json.Number("-1e5"), json.Number("0"), json.Number("1.50"), true, false,
		0, -42, 1 << 40, []string{"a", "<b>"}, []string{}, []string(nil), 3.5, map[string]int{"z": 1, "a": 2}}
	for _, s := range jsonStrings {
		values = append(values, s)
	}
	for _, v := range values {
		var b bytes.Buffer
		if err := newJSONWriter(&b).value(v); err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%#v: wrote %s, json.Marshal %s", v, b.Bytes(), want)
		}
	}
	o := object{}.set("resourceType", "Observation").set("code", object{}.set("text", "a<b")).
		set("component", []object{object{}.set("valueQuantity", object{}.set("value", json.Number("1.5")))})
	got, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"resourceType":"Observation","code":{"text":"a\u003cb"},"component":[{"valueQuantity":{"value":1.5}}]}`
	if string(got) != want {
		t.Errorf("object: %s\nwant %s", got, want)
	}
}

// FuzzJSONString checks writeJSONString against json.Marshal on any string:
// titles and notes come from outside (imports), and the archive's NDJSON
// must stay valid JSON that reads back as the same text.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		writeJSONString(&b, s)
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Fatalf("%q: wrote %s, json.Marshal %s", s, b.Bytes(), want)
		}
	})
}
