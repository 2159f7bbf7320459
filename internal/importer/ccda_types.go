package importer

import (
	"encoding/xml"
	"strings"
)

// The C-CDA structs name only what phr maps. C-CDA uses the HL7 v3
// namespace (urn:hl7-org:v3); encoding/xml matches these local names in
// any namespace.

type cdaDoc struct {
	XMLName         xml.Name     `xml:"ClinicalDocument"`
	IDs             []cdaII      `xml:"id"`
	Code            cdaCode      `xml:"code"`
	Title           string       `xml:"title"`
	Confidentiality cdaCode      `xml:"confidentialityCode"`
	Effective       cdaTS        `xml:"effectiveTime"`
	Patients        []cdaPatient `xml:"recordTarget>patientRole>patient"`
	Sections        []cdaSection `xml:"component>structuredBody>component>section"`
	NonXML          *cdaNonXML   `xml:"component>nonXMLBody"`
	// Authors and Custodian say who wrote the document and keeps the
	// record (see producer).
	Authors   []cdaAssigned `xml:"author>assignedAuthor"`
	Custodian string        `xml:"custodian>assignedCustodian>representedCustodianOrganization>name"`
	// People are the clinicians the header names (its authors, the
	// performers of the service it documents, who signed it, who took part
	// in the visit), so an entry may name one by id alone.
	Served []cdaAssigned `xml:"documentationOf>serviceEvent>performer>assignedEntity"`
	Signed []cdaAssigned `xml:"legalAuthenticator>assignedEntity"`
	Visit  []cdaAssigned `xml:"componentOf>encompassingEncounter>encounterParticipant>assignedEntity"`
}

// cdaAssigned is a clinician or organization acting in a role (the
// assignedEntity of a performer, the assignedAuthor of an author).
type cdaAssigned struct {
	IDs    []cdaII   `xml:"id"`
	Person []cdaName `xml:"assignedPerson>name"`
	Org    string    `xml:"representedOrganization>name"`
	// Device is the software that wrote a document (an author only).
	Device struct {
		Software string `xml:"softwareName"`
		Model    string `xml:"manufacturerModelName"`
	} `xml:"assignedAuthoringDevice"`
}

// producer names who wrote the document: the organization that keeps the
// record (else the author's), and the software that made it, when the
// header says ("Good Health HIE (Generic EHR Clinical System 2.0)").
func (d *cdaDoc) producer() string {
	line := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	org, soft := line(d.Custodian), ""
	for _, a := range d.Authors {
		if org == "" {
			org = line(a.Org)
		}
		if soft == "" {
			soft = line(firstOf(a.Device.Model, a.Device.Software))
		}
	}
	switch {
	case soft == "" || soft == org:
		return org
	case org == "":
		return soft
	}
	return org + " (" + soft + ")"
}

// cdaNonXML is a document whose body is a file (a PDF, a scan, a text),
// inline in base64 or plain text, or given by reference.
type cdaNonXML struct {
	Text struct {
		MediaType      string `xml:"mediaType,attr"`
		Representation string `xml:"representation,attr"`
		Compression    string `xml:"compression,attr"`
		Data           string `xml:",chardata"`
		Reference      *struct {
			Value string `xml:"value,attr"`
		} `xml:"reference"`
	} `xml:"text"`
}

type cdaPatient struct {
	Names []cdaName `xml:"name"`
	Birth cdaTS     `xml:"birthTime"`
}

type cdaName struct {
	Use    string   `xml:"use,attr"`
	Prefix []string `xml:"prefix"`
	Given  []string `xml:"given"`
	Family []string `xml:"family"`
	Suffix []string `xml:"suffix"`
	Text   string   `xml:",chardata"`
}

type cdaSection struct {
	NullFlavor      string       `xml:"nullFlavor,attr"`
	Code            cdaCode      `xml:"code"`
	Confidentiality cdaCode      `xml:"confidentialityCode"`
	Title           string       `xml:"title"`
	Text            cdaInner     `xml:"text"`
	Entries         []cdaEntry   `xml:"entry"`
	Sub             []cdaSection `xml:"component>section"`
}

type cdaInner struct {
	Inner []byte `xml:",innerxml"`
}

type cdaEntry struct {
	Raw                     string   `xml:",innerxml"`
	Act                     *cdaStmt `xml:"act"`
	Observation             *cdaStmt `xml:"observation"`
	SubstanceAdministration *cdaStmt `xml:"substanceAdministration"`
	Procedure               *cdaStmt `xml:"procedure"`
	Encounter               *cdaStmt `xml:"encounter"`
	Organizer               *cdaStmt `xml:"organizer"`
	Supply                  *cdaStmt `xml:"supply"`
}

// stmt returns the entry's clinical statement, whichever kind it is.
func (e *cdaEntry) stmt() *cdaStmt {
	for _, s := range []*cdaStmt{e.Act, e.Observation, e.SubstanceAdministration, e.Procedure, e.Encounter, e.Organizer, e.Supply} {
		if s != nil {
			return s
		}
	}
	return nil
}

// cdaStmt is any clinical statement (act, observation, substance
// administration, procedure, encounter, organizer): they share these parts.
type cdaStmt struct {
	NegationInd     string           `xml:"negationInd,attr"`
	IDs             []cdaII          `xml:"id"`
	Code            cdaCode          `xml:"code"`
	Confidentiality cdaCode          `xml:"confidentialityCode"`
	Text            cdaED            `xml:"text"`
	Status          cdaCS            `xml:"statusCode"`
	Effective       []cdaIVL         `xml:"effectiveTime"`
	Values          []cdaValue       `xml:"value"`
	Interpretation  []cdaCode        `xml:"interpretationCode"`
	Ranges          []cdaObsRange    `xml:"referenceRange>observationRange"`
	Dose            *cdaPQ           `xml:"doseQuantity"`
	Route           *cdaCode         `xml:"routeCode"`
	Material        *cdaCode         `xml:"consumable>manufacturedProduct>manufacturedMaterial>code"`
	Lot             string           `xml:"consumable>manufacturedProduct>manufacturedMaterial>lotNumberText"`
	Maker           string           `xml:"consumable>manufacturedProduct>manufacturerOrganization>name"`
	Participants    []cdaParticipant `xml:"participant"`
	Performers      []cdaAssigned    `xml:"performer>assignedEntity"`
	Authors         []cdaAssigned    `xml:"author>assignedAuthor"`
	Relationships   []cdaRel         `xml:"entryRelationship"`
	Components      []cdaRel         `xml:"component"`
}

// cdaRel is an entryRelationship or an organizer's component.
type cdaRel struct {
	TypeCode                string   `xml:"typeCode,attr"`
	Observation             *cdaStmt `xml:"observation"`
	Act                     *cdaStmt `xml:"act"`
	SubstanceAdministration *cdaStmt `xml:"substanceAdministration"`
	Procedure               *cdaStmt `xml:"procedure"`
	Organizer               *cdaStmt `xml:"organizer"`
	Supply                  *cdaStmt `xml:"supply"`
}

func (r *cdaRel) stmt() *cdaStmt {
	for _, s := range []*cdaStmt{r.Observation, r.Act, r.SubstanceAdministration, r.Procedure, r.Organizer, r.Supply} {
		if s != nil {
			return s
		}
	}
	return nil
}

type cdaParticipant struct {
	TypeCode string  `xml:"typeCode,attr"`
	Code     cdaCode `xml:"participantRole>playingEntity>code"`
	Name     string  `xml:"participantRole>playingEntity>name"`
}

type cdaII struct {
	Root       string `xml:"root,attr"`
	Extension  string `xml:"extension,attr"`
	NullFlavor string `xml:"nullFlavor,attr"`
}

type cdaCS struct {
	Code string `xml:"code,attr"`
}

// cdaCode is a CD/CE/CV code with its original text and translations.
type cdaCode struct {
	Code           string    `xml:"code,attr"`
	CodeSystem     string    `xml:"codeSystem,attr"`
	CodeSystemName string    `xml:"codeSystemName,attr"`
	DisplayName    string    `xml:"displayName,attr"`
	NullFlavor     string    `xml:"nullFlavor,attr"`
	OriginalText   *cdaED    `xml:"originalText"`
	Translations   []cdaCode `xml:"translation"`
}

// cdaED is text given inline or as a reference into the narrative.
type cdaED struct {
	Text      string `xml:",chardata"`
	Reference *struct {
		Value string `xml:"value,attr"`
	} `xml:"reference"`
}

type cdaTS struct {
	Value      string `xml:"value,attr"`
	NullFlavor string `xml:"nullFlavor,attr"`
}

type cdaIVL struct {
	Type string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	// Institution is PIVL_TS's institutionSpecified: "every 6 hours"
	// means four times a day, at the times the place keeps.
	Institution string `xml:"institutionSpecified,attr"`
	Value       string `xml:"value,attr"`
	Low         *cdaTS `xml:"low"`
	High        *cdaTS `xml:"high"`
	Center      *cdaTS `xml:"center"`
	Period      *cdaPQ `xml:"period"`
}

type cdaPQ struct {
	Value string `xml:"value,attr"`
	Unit  string `xml:"unit,attr"`
}

// cdaValue is an observation value of any type (PQ, CD, ST, IVL_PQ, ...).
type cdaValue struct {
	cdaCode
	Type  string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	Value string `xml:"value,attr"`
	Unit  string `xml:"unit,attr"`
	Text  string `xml:",chardata"`
	Low   *cdaPQ `xml:"low"`
	High  *cdaPQ `xml:"high"`
}

type cdaObsRange struct {
	Text  cdaED     `xml:"text"`
	Value *cdaValue `xml:"value"`
}
