package importer

import "testing"

// TestContentKey: two originals have the same ContentKey exactly when
// SameContent says they say the same thing.
func TestContentKey(t *testing.T) {
	originals := []string{
		`{"resourceType":"Observation","id":"1","valueQuantity":{"value":70.2,"unit":"kg"}}`,
		`{"valueQuantity":{"unit":"kg","value":70.2},"id":"1","resourceType":"Observation"}`,
		`{"resourceType":"Observation","id":"1","meta":{"versionId":"7"},"valueQuantity":{"value":70.2,"unit":"kg"}}`,
		`{"resourceType":"Observation","id":"1","valueQuantity":{"value":70.20,"unit":"kg"}}`,
		`{"resourceType":"Observation","id":"1","valueQuantity":{"value":70.3,"unit":"kg"}}`,
		`  {"type":"HKQuantityTypeIdentifierBodyMass","source":"Jane’s iPhone","day":"2024-03-01","value":"70.2"}`,
		`{"type":"HKQuantityTypeIdentifierBodyMass","day":"2024-03-01","source":"Jane’s iPhone","value":"70.2"}`,
		`<observation>  <value>70.2</value>
		</observation>`,
		`<observation> <value>70.2</value> </observation>`,
		`<observation><value>70.2</value></observation>`,
		`2024-03-01,weight,70.2,kg`,
		``,
		`   `,
		`{not json`,
		`{not   json`,
	}
	for _, a := range originals {
		for _, b := range originals {
			same, keys := SameContent(a, b), ContentKey(a) == ContentKey(b)
			if same != keys {
				t.Errorf("SameContent %v, same ContentKey %v:\n%q\n%q", same, keys, a, b)
			}
		}
	}
}
