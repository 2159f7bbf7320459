// Package importer reads health records that other systems export — FHIR R4
// JSON or XML (a Bundle or a single resource), FHIR NDJSON, FHIR STU3 where
// it agrees with R4, C-CDA XML documents and CSV files of measurements — and
// turns them into phr entries. Start with Detect and
// Read. Nothing is fetched from the network: URLs found in a file are kept
// as links. Whatever cannot be mapped is counted in Result.Unmapped, never
// dropped silently. A file that cannot be parsed is an error that names the
// file and the place (line and column, or the bundle entry), and nothing of
// it is returned.
//
// # FHIR R4
//
// Bundle.entry is streamed with json.Decoder tokens, one entry at a time.
//
//	Patient                 Result.Profile (name, birth date, the first contact as emergency
//	                        contact); gender, address, telecom and contacts also make a
//	                        "Personal details" note; a second Patient is unmapped.
//	                        Profile.BloodType comes from the latest Observation with LOINC
//	                        882-1 (ABO and Rh group) whose value names a group and RhD type
//	                        (also in C-CDA results); that Observation is still a result
//	Condition               condition: clinicalStatus, onset -> Date, abatement -> End,
//	                        category (problem list, encounter diagnosis) in Notes
//	MedicationStatement,
//	MedicationRequest       medication: medicationCodeableConcept, a contained Medication,
//	                        or a Medication in the bundle (by fullUrl or Type/id); a single
//	                        dosage -> Dose ("1-2 tablet", a dose phr cannot read stays in Notes),
//	                        Route, Frequency (a timing code's display, or its repeat in words:
//	                        "twice a day", "every 4-6 hours", "as needed"); its text and
//	                        several dosages (a tapering dose) in Notes; a dose quantity
//	                        alone (as phr writes a value) -> Value and Unit
//	Medication              merged into the statements that name it; unmapped if none does
//	AllergyIntolerance      allergy: criticality, type, category and reactions in Notes
//	Immunization            immunization: vaccineCode, occurrenceDateTime; lot number
//	                        and maker (manufacturer) in Notes
//	Observation             vital-signs (by category, or by a vital-signs LOINC code) -> measurement;
//	                        laboratory and every other category (social history, survey, exam)
//	                        -> result, as they are findings rather than readings people track.
//	                        Components kept; a blood pressure's 8480-6/8462-4 give Value "142/91",
//	                        Unit "mm[Hg]"; referenceRange -> Range, interpretation -> Interpretation
//	DiagnosticReport        result; Notes list its results' titles; presentedForm -> attachment or link
//	Procedure               procedure
//	Encounter               appointment: type, period, status ("planned" when it has no status
//	                        and starts after the import's now)
//	DocumentReference       document: inline data -> Blob; URLs -> Entry.Links, never fetched
//	CarePlan                note: category, period, activities
//	Practitioner,
//	Organization            contact: name; telecom and address in Notes
//	Goal, FamilyMemberHistory,
//	Device, Flag            note ("Goal: ...", "Family history: ...", "Device: ...", "Alert: ...")
//	CareTeam,
//	PractitionerRole        contact, members and roles in Notes
//	QuestionnaireResponse   result: every question and answer in Notes (a PHQ-9)
//	ServiceRequest          procedure, noted as requested
//	MedicationAdministration medication, a single dose given (Dose, Route)
//	Composition             document: the narrative of every section in Notes
//	Binary                  document with the file attached
//	ImagingStudy            result: modality and series in Notes
//	Observation.hasMember   the members' titles in Notes, like a report's results
//	references              the visit (encounter), people and places (performer, requester,
//	                        author, location...), the reason, the order carried out
//	                        (basedOn), what it is part of (partOf) and the specimen: one
//	                        Notes line each ("Based on: Full blood count"), named by the
//	                        entry the import holds (a Specimen, no entry, by its type and
//	                        day), else by the reference's display
//	Claim, EOB, Coverage... left out, in Skipped: "insurance and billing paperwork"
//	Provenance, AuditEvent  left out, in Skipped
//	anything else           counted in Unmapped by resource type
//
// A resource whose status, clinicalStatus or verificationStatus is
// entered-in-error is left out, as is a placeholder concept (the IPS
// absent/unknown "no-...-info" codes, a data-absent-reason, words such as
// "unknown" or "No medication data is applicable"); both are counted in
// Skipped. Result.Tally accounts for every resource read (see Tally).
//
// Codes keep the first coding with a display, with the system shortened:
// snomed, loinc, rxnorm, icd10, cvx, atc (other systems stay as written).
// Titles prefer the concept's text, then a coding's display.
//
// Dates become when.NormalizeDate's forms (YYYY-MM-DD, or RFC 3339 in UTC).
// Partial dates ("2015", "2015-03"; C-CDA "2015", "201503") cannot be held
// by those forms, and the first day of the year or month would invent a
// precision the file lacks, so the entry gets no date and its Notes keep
// the date as written: "date in the file: 2015 (year only)" (or "end date
// in the file: ..."). A Condition whose onset is partial does not fall back
// to its recordedDate. A partial birth date leaves Profile.Born empty. A
// date that cannot be read is left out and quoted in Notes.
//
// SourceID is the entry's fullUrl when that is a global name (urn:uuid:,
// urn:oid:, http(s)://), so a changed version of it updates the entry. A
// bare "Type/id" names a resource only inside one server (a GP's
// Condition/1 is not a hospital's), so it is qualified by ContentHash, the
// hash of the resource without meta: "Condition/1#sha256:..."; without an
// id it is the hash alone. A duplicate is then always the same content.
// Original is the resource's compact JSON (for a file holding one resource,
// re-encoded with its keys sorted).
//
// A JSON object is detected as FHIR when its head names a resourceType, or
// when it is longer than the head (a resourceType may follow a long base64
// data); it is refused with ErrUnknownFormat when it turns out to have none.
//
// FHIR R4 XML (IPS and UK Core examples) is turned into FHIR JSON by the
// rules of the XML format and read as JSON (see fhir_xml.go): value
// attributes are primitives, the elements R4 defines as lists are lists,
// a narrative div is kept as markup even when it is not well formed.
//
// FHIR NDJSON (a bulk data export: one resource a line, any types) is
// read resource by resource; errors name the line. Link resolves, across
// the files of one import, a reference one file could not (a
// MedicationRequest in one file naming a Medication in another).
//
// FactKeys names the fact an entry records (category, standard code, day,
// value and unit; a blood pressure's parts too), so that the import can
// keep once a fact that two sources send in different forms.
//
// FHIR STU3 is read like R4 where the shapes agree: the few that differ
// in what phr reads (a plain-code clinicalStatus or verificationStatus,
// assertedDate, Immunization.date and notGiven, Procedure.notDone,
// MedicationStatement.taken, DocumentReference.indexed) are rewritten
// the R4 way before decoding, Original keeps the resource as written, and
// Result.Version says "STU3".
//
// FHIR DSTU2 (Apple Health Records and older portals) states no version;
// it is recognised by its shapes (MedicationOrder, a plain-code
// clinicalStatus or Encounter.class, family names as lists, a single
// Observation.category) and refused as a whole, with a message asking for
// an R4 export: mapping only what happens to decode would half-import it.
//
// # C-CDA
//
// The document is decoded with encoding/xml. Sections are recognised by
// their LOINC code: problems 11450-4 (one condition per problem
// observation of a concern act), medications 10160-0 (and discharge
// medications 75311-1, 10183-2), allergies 48765-2, immunizations 11369-6,
// results 30954-2 (one result per organizer component), vital signs 8716-3
// (measurements; a systolic and a diastolic reading in one organizer
// become one blood pressure), procedures 47519-4 and encounters 46240-8.
// Code systems by OID: 2.16.840.1.113883.6.96 snomed, .6.1 loinc, .6.88
// rxnorm, .12.292 cvx, .6.90 and .6.3 icd10. A code without a display
// name uses a translation that has one, and its title falls back to the
// originalText (resolving references into the section narrative).
// Who performed a statement (its performer; at a visit, who saw the
// person) and who recorded it (its author), in the statement or its
// organizer, are Notes lines in the FHIR import's words ("Performed by:
// Alan Turing (St Elsewhere Hospital)", "Seen by: ...", "Recorded by:
// ..."); a clinician given by id alone is named from the header (authors,
// the service's performers, the signer, the visit's participants) or an
// earlier statement, else left out. A visit's location participant is
// "Where: ...". A vaccine's lot number and maker are "Lot: ..." and "Made
// by: ...". A medication activity's doseQuantity, routeCode and PIVL_TS
// period fill Dose, Route and Frequency ("every 8 hours"; an
// institution-specified every 6 hours is "four times a day"), as a FHIR
// dosage does. nullFlavor values are skipped. Dates are HL7 TS values
// (YYYYMMDD[HHMM[SS]][+ZZZZ]) from effectiveTime value, low and high; a
// time without a zone keeps only its day. Social history, functional
// status and mental status observations are results. Any other section
// (family history, plan of care, goals, equipment) and every section of
// narrative text only (history of present illness, hospital course,
// discharge instructions...) becomes a note holding the section's text as
// plain lines, dated like the document, so nothing a clinician wrote is
// lost; its entries count as merged into that note. Insurance (48768-6)
// is left out, in Skipped. A statement with statusCode nullified (entered
// in error) or that holds nothing (a nullFlavor code, placeholder words,
// an unfilled template slot such as "{entry.value}") is left out and
// counted in Skipped; a negated allergy to a generic substance is "No
// known allergies". A section with nothing to map is counted in Unmapped
// by its number of entries. SourceID is the statement's id
// (root/extension), or a hash of the entry; an id that several statements
// of one document share is qualified by a hash of what each says.
//
// A document whose body is a file (nonXMLBody: an embedded PDF, image or
// text in base64, possibly compressed, or a reference to a file) is one
// document entry with the file as its attachment, or the reference as a
// link (never fetched).
//
// # CSV
//
// The first row names the columns, case-insensitively: date (or time,
// datetime, timestamp, when...), type (kind, measurement, metric, name...),
// value (reading, result...), and optionally unit and notes. Commas,
// semicolons or tabs separate them. Every row is a measurement; "142/91"
// is a blood pressure with systolic and diastolic components. Errors name
// the line and column.
package importer
