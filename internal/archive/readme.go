package archive

import "strings"

// readme is README.txt: how to open the archive and read what it holds with
// standard tools only.
func readme(p Params) string {
	var open string
	if p.Passphrase {
		open = `This archive is encrypted to the passphrase you gave when you made it. Open it with the
age command (https://age-encryption.org, 1.1 or later) and tar:

    age -d phr-archive.tar.age | tar -x        # asks for the archive's passphrase
`
	} else {
		open = `This archive is encrypted to your vault key, like record.age. Open it with the age command
(https://age-encryption.org, 1.3 or later: the key is post-quantum), your vault folder's
identity.age and your passphrase, and tar:

    age -d identity.age > vault-key.txt        # asks for your passphrase
    age -d -i vault-key.txt phr-archive.tar.age | tar -x
    rm vault-key.txt                           # the key opens your whole vault: do not keep it lying around
`
	}
	return strings.ReplaceAll(`phr archive: your whole health record, readable without phr
============================================================

`+open+`
(Use your archive's file name in place of phr-archive.tar.age. What tar writes is NOT encrypted:
delete the folder when you are done with it.)

What is inside
--------------
record.html     the record to read or print: open it in any web browser
record.ndjson   every entry, your profile and your carers as FHIR R4 resources, one JSON object a
                line (https://hl7.org/fhir/R4/); any FHIR tool imports it
ips.json        an International Patient Summary document (a FHIR Bundle): every entry but test
                results and measurements older than a year, which are in record.ndjson
audit.ndjson    phr's audit log: what was done to the record and when, one JSON object a line
manifest.json   how many entries, resources and files the archive holds, with their SHA-256
attachments/    every file attached to an entry, in a folder named after the entry's id (the
                id of its resource in record.ndjson)

Reading it with jq (https://jqlang.org)
----------------------------------------
    jq -r 'select(.resourceType=="Condition") | .code.text' record.ndjson
    jq -r 'select(.resourceType=="Observation") | [.effectiveDateTime, .code.text,
           .valueQuantity.value, .valueQuantity.unit] | @tsv' record.ndjson
    jq -s 'group_by(.resourceType) | map({(.[0].resourceType): length}) | add' record.ndjson
    sha256sum -c <(jq -r '.files[] | "\(.sha256)  \(.path)"' manifest.json)

Sensitive entries (mental health, sexual health and the like) are in this archive: it is the whole
record, for you. Keep it as safe as the vault itself.
`, "\t", "    ")
}
