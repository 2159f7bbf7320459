package demo

import "github.com/phrhealth/phr/internal/record"

// This file holds the read-only clinical tables the generator draws from.
// Codes are real: SNOMED CT for conditions, allergies and procedures, ICD-10
// (WHO) alongside, RxNorm for medicines, CVX for vaccines and LOINC for
// results and measurements. Phone numbers are from Ofcom's drama ranges.

// Code system names, as record.Code expects.
const (
	sysSNOMED = "snomed"
	sysICD10  = "icd10"
	sysRxNorm = "rxnorm"
	sysCVX    = "cvx"
	sysLOINC  = "loinc"
)

func snomed(code, display string) *record.Code {
	return &record.Code{System: sysSNOMED, Code: code, Display: display}
}

func rxnorm(code, display string) *record.Code {
	return &record.Code{System: sysRxNorm, Code: code, Display: display}
}

func cvx(code, display string) *record.Code {
	return &record.Code{System: sysCVX, Code: code, Display: display}
}

func loinc(code, display string) *record.Code {
	return &record.Code{System: sysLOINC, Code: code, Display: display}
}

var firstNames = []string{"Alex", "Jordan", "Morgan", "Robin", "Taylor", "Jamie",
	"Chris", "Jo", "Leslie", "Frankie", "Charlie", "Riley"}

var lastNames = []string{"Whitfield", "Okafor", "Lindqvist", "Brennan", "Hollis",
	"Marsh", "Castellano", "Ashworth", "Nakamura", "Pemberton", "Drummond", "Kowalski"}

var bloodTypes = []string{"O+", "A+", "B+", "O-", "A-", "AB+", "B-", "AB-"}

// bloodWeights is roughly the UK distribution of bloodTypes, in percent.
var bloodWeights = []int{35, 30, 8, 13, 8, 2, 2, 2}

// condition is a diagnosis the demo patient carries. At is about the
// fraction of the span (0 = Years ago, 1 = now) at which it was diagnosed (the
// generator moves it a little by seed); Lasts, when positive, is the number of
// days until it resolved.
type condition struct {
	Key       string
	Title     string
	Code      *record.Code
	ICD10     string
	At        float64
	Lasts     int
	Notes     string
	Tags      []string
	Sensitive []record.Kind
}

var conditions = []condition{
	{Key: "asthma", Title: "Asthma", Code: snomed("195967001", "Asthma"), ICD10: "J45.9",
		At: 0.02, Notes: "Mild intermittent asthma since childhood; worse with colds and cold air.", Tags: []string{"asthma"}},
	{Key: "chlamydia", Title: "Chlamydia infection", Code: snomed("105629000", "Chlamydial infection"), ICD10: "A56.0",
		At: 0.08, Lasts: 45, Notes: "Found on routine screening at the sexual health clinic. Treated with doxycycline; test of cure negative.",
		Sensitive: []record.Kind{record.SexualHealth}},
	{Key: "hypertension", Title: "Essential hypertension", Code: snomed("59621000", "Essential hypertension"), ICD10: "I10",
		At: 0.22, Notes: "Confirmed with ambulatory blood pressure monitoring (average 148/94).", Tags: []string{"bp"}},
	{Key: "diabetes", Title: "Type 2 diabetes mellitus", Code: snomed("44054006", "Diabetes mellitus type 2"), ICD10: "E11.9",
		At: 0.33, Notes: "HbA1c 58 mmol/mol (7.5%) at diagnosis. Diet advice and metformin.", Tags: []string{"diabetes"}},
	{Key: "lipids", Title: "Hyperlipidaemia", Code: snomed("55822004", "Hyperlipidemia"), ICD10: "E78.5",
		At: 0.36, Notes: "QRISK3 score 14%; statin offered.", Tags: []string{"cardiovascular"}},
	{Key: "depression", Title: "Depression", Code: snomed("35489007", "Depressive disorder"), ICD10: "F32.1",
		At: 0.45, Lasts: 600, Notes: "Moderate depressive episode after bereavement. PHQ-9 score 16. Talking therapy and sertraline.",
		Sensitive: []record.Kind{record.MentalHealth}},
	{Key: "knee", Title: "Osteoarthritis of knee", Code: snomed("239873007", "Osteoarthritis of knee"), ICD10: "M17.9",
		At: 0.70, Notes: "Right knee more than left. X-ray: joint space narrowing. Physiotherapy and paracetamol as needed.", Tags: []string{"joints"}},
}

// medication is a medicine started at a condition's diagnosis (plus Delay days)
// and optionally stopped with the condition.
type medication struct {
	For       string // condition key
	Title     string
	Code      *record.Code
	Dose      string
	Delay     int
	StopWith  bool
	Tags      []string
	Sensitive []record.Kind
}

var medications = []medication{
	{For: "asthma", Title: "Salbutamol 100 micrograms inhaler", Code: rxnorm("745679", "200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler"),
		Dose: "1-2 puffs when needed for wheeze or breathlessness, up to 4 times a day", Tags: []string{"asthma"}},
	{For: "diabetes", Title: "Metformin 500 mg tablets", Code: rxnorm("861007", "metformin hydrochloride 500 MG Oral Tablet"),
		Dose: "500 mg twice a day with breakfast and evening meal", Delay: 14, Tags: []string{"diabetes"}},
	{For: "lipids", Title: "Atorvastatin 20 mg tablets", Code: rxnorm("617310", "atorvastatin 20 MG Oral Tablet"),
		Dose: "20 mg once a day at night", Delay: 21, Tags: []string{"cardiovascular"}},
	{For: "depression", Title: "Sertraline 50 mg tablets", Code: rxnorm("312940", "sertraline 50 MG Oral Tablet"),
		Dose: "50 mg once a day in the morning", Delay: 7, StopWith: true, Sensitive: []record.Kind{record.MentalHealth}},
}

// bpMedications offers the two usual first-line choices; the generator picks one.
var bpMedications = []medication{
	{For: "hypertension", Title: "Lisinopril 10 mg tablets", Code: rxnorm("314076", "lisinopril 10 MG Oral Tablet"),
		Dose: "10 mg once a day; kidney function checked 2 weeks after starting", Delay: 30, Tags: []string{"bp"}},
	{For: "hypertension", Title: "Amlodipine 5 mg tablets", Code: rxnorm("197361", "amlodipine 5 MG Oral Tablet"),
		Dose: "5 mg once a day; ankle swelling is a common side effect", Delay: 30, Tags: []string{"bp"}},
}

type allergy struct {
	Title    string
	Code     *record.Code
	Reaction string
	Notes    string
}

var allergies = []allergy{
	{Title: "Penicillin allergy", Code: snomed("91936005", "Allergy to penicillin"), Reaction: "Hives",
		Notes: "Widespread urticaria (hives) and lip swelling after amoxicillin as a child. Avoid all penicillins."},
	{Title: "Peanut allergy", Code: snomed("91935009", "Allergy to peanut"), Reaction: "Throat tightness",
		Notes: "Throat tightness and vomiting. Carries two adrenaline auto-injectors (EpiPen 300 micrograms)."},
}

var (
	fluOld = cvx("141", "Influenza, seasonal, injectable")
	// the vaccines' everyday names, by CVX code
	vaccineNames = map[string]string{"141": "Flu vaccine", "150": "Flu vaccine", "208": "COVID-19 vaccine (Pfizer-BioNTech)",
		"213": "COVID-19 booster", "115": "Tetanus, diphtheria and whooping cough (Tdap) booster"}
	fluNew   = cvx("150", "Influenza, injectable, quadrivalent, preservative free")
	covid    = cvx("208", "COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose")
	covidAny = cvx("213", "SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION")
	tetanus  = cvx("115", "Tdap")
)

// lab is a laboratory result. Value draws a value; the generator turns it into
// text with Format and flags it against Low/High.
type lab struct {
	Title, Unit, Range, Format string
	Code                       *record.Code
	Low, High                  float64 // normal range; a zero bound is open
	Qualitative                string  // the value of a test read as present or not
	Tags                       []string
	Sensitive                  []record.Kind
}

var (
	labHbA1c = lab{Title: "HbA1c", Unit: "%", Range: "4.0-5.6 %", Format: "%.1f", Low: 4.0, High: 5.6,
		Code: loinc("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"), Tags: []string{"diabetes"}}
	labCholesterol = lab{Title: "Total cholesterol", Unit: "mmol/L", Range: "<5.0 mmol/L", Format: "%.1f", High: 5.0,
		Code: loinc("2093-3", "Cholesterol [Mass or Moles/volume] in Serum or Plasma"), Tags: []string{"cardiovascular"}}
	labLDL = lab{Title: "LDL cholesterol", Unit: "mmol/L", Range: "<3.0 mmol/L", Format: "%.1f", High: 3.0,
		Code: loinc("13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation"), Tags: []string{"cardiovascular"}}
	labEGFR = lab{Title: "eGFR", Unit: "mL/min/{1.73_m2}", Range: ">60 mL/min/1.73m2", Format: "%.0f", Low: 60,
		Code: loinc("62238-1", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)"), Tags: []string{"kidney"}}
	labCreatinine = lab{Title: "Creatinine", Unit: "umol/L", Range: "60-110 umol/L", Format: "%.0f", Low: 60, High: 110,
		Code: loinc("14682-9", "Creatinine [Moles/volume] in Serum or Plasma"), Tags: []string{"kidney"}}
	labPotassium = lab{Title: "Potassium", Unit: "mmol/L", Range: "3.5-5.0 mmol/L", Format: "%.1f", Low: 3.5, High: 5.0,
		Code: loinc("2823-3", "Potassium [Moles/volume] in Serum or Plasma")}
	labTSH = lab{Title: "TSH", Unit: "m[IU]/L", Range: "0.4-4.0 mIU/L", Format: "%.2f", Low: 0.4, High: 4.0,
		Code: loinc("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma")}
	labHb = lab{Title: "Haemoglobin", Unit: "g/L", Range: "130-170 g/L", Format: "%.0f", Low: 130, High: 170,
		Code: loinc("718-7", "Hemoglobin [Mass/volume] in Blood")}
)

// Measurement codes.
var (
	codeWeight    = loinc("29463-7", "Body weight")
	codeBP        = loinc("85354-9", "Blood pressure panel with all children optional")
	codeSystolic  = loinc("8480-6", "Systolic blood pressure")
	codeDiastolic = loinc("8462-4", "Diastolic blood pressure")
	codeGlucose   = loinc("15074-8", "Glucose [Moles/volume] in Blood")
	codeHeartRate = loinc("8867-4", "Heart rate")
)

// procedure is an operation or investigation. Key names it for the letters
// and notes that refer to it. It happens Days after the event After (a
// condition key or another procedure's key) when After is set, otherwise At a
// fraction of the span.
type procedure struct {
	Key, Title string
	Code       *record.Code
	At         float64
	After      string
	Days       int
	Notes      string
	Tags       []string
}

var procedures = []procedure{
	{Key: "appendix", Title: "Appendicectomy", Code: snomed("80146002", "Excision of appendix"), At: 0.05,
		Notes: "Laparoscopic, after two days of right lower abdominal pain. Home the next day."},
	{Key: "spirometry", Title: "Spirometry", Code: snomed("127783003", "Spirometry"), At: 0.15,
		Notes: "FEV1/FVC 0.74; 14% reversibility with salbutamol, consistent with asthma.", Tags: []string{"asthma"}},
	{Key: "ecg", Title: "Electrocardiogram", Code: snomed("29303009", "Electrocardiographic procedure"), After: "hypertension", Days: 12,
		Notes: "Sinus rhythm, no left ventricular hypertrophy.", Tags: []string{"bp"}},
	{Key: "foot", Title: "Diabetic foot examination", Code: snomed("401191002", "Diabetic foot examination"), After: "diabetes", Days: 380,
		Notes: "Pulses present, sensation normal to monofilament. Low risk.", Tags: []string{"diabetes"}},
	{Key: "colonoscopy", Title: "Colonoscopy", Code: snomed("73761001", "Colonoscopy"), At: 0.80,
		Notes: "Bowel screening follow-up. Two small polyps removed; histology benign. Repeat in 5 years."},
}

// fillerProcedures are the procedures repeated in everyday care, by key.
var fillerProcedures = []string{"spirometry", "ecg", "foot"}

// appointment is a kind of visit; the generator picks them for past and
// upcoming appointments.
type appointment struct {
	Title, With, Notes string
	Tags               []string
}

var appointments = []appointment{
	{Title: "Diabetes annual review", With: "Nurse Priya Shah, Riverside Medical Practice", Notes: "Bring blood glucose diary and a urine sample.", Tags: []string{"diabetes"}},
	{Title: "Blood test", With: "Riverside Medical Practice phlebotomy", Notes: "Fasting from midnight; water is fine."},
	{Title: "GP appointment", With: "Dr Helen Ruiz, Riverside Medical Practice", Notes: "Medication review."},
	{Title: "Blood pressure check", With: "Healthcare assistant, Riverside Medical Practice", Notes: "Bring home readings.", Tags: []string{"bp"}},
	{Title: "Asthma review", With: "Practice nurse, Riverside Medical Practice", Notes: "Bring inhalers to check technique.", Tags: []string{"asthma"}},
	{Title: "Diabetic eye screening", With: "Retinal screening service, Northgate Health Centre", Notes: "Drops will blur vision for a few hours: do not drive.", Tags: []string{"diabetes"}},
	{Title: "Physiotherapy", With: "MSK physiotherapy, St Anne's Hospital", Notes: "Knee strengthening exercises.", Tags: []string{"joints"}},
	{Title: "Dental check-up", With: "Bridge Street Dental", Notes: "Six-monthly check and scale."},
}

type contact struct {
	Title, Value, Notes string
	Tags                []string
}

var contacts = []contact{
	{Title: "Riverside Medical Practice (GP surgery)", Value: "01632 960123",
		Notes: "12 Riverside Road. Dr Helen Ruiz. Repeat prescriptions online or by phone after 10am.", Tags: []string{"gp"}},
	{Title: "Hillcrest Pharmacy", Value: "01632 960456",
		Notes: "4 Hillcrest Parade. Collects repeat prescriptions from the surgery. Open until 7pm weekdays.", Tags: []string{"pharmacy"}},
	{Title: "Nurse Priya Shah, diabetes specialist nurse", Value: "01632 960789",
		Notes: "Diabetes clinic, Tuesday and Thursday mornings. Email via the practice.", Tags: []string{"diabetes"}},
}

// letter is a clinic letter; its body is the attachment of a document entry
// (or, for an Image letter, a generated ECG tracing in PNG). It follows the
// event After (a condition's or a procedure's key) by Days; Once letters are
// not repeated as everyday entries.
type letter struct {
	Title, From, Body string
	After             string
	Days              int
	Once              bool
	Image             bool
	Tags              []string
}

var letters = []letter{
	{Title: "Diabetes clinic letter", After: "diabetes", Days: 120, From: "Diabetes Service, St Anne's Hospital",
		Body: "Thank you for attending the diabetes clinic. Your HbA1c has improved and your kidney function is stable. We have not changed your medicines. Please continue metformin and keep up the walking. We will see you again in twelve months.",
		Tags: []string{"diabetes"}},
	{Title: "Discharge summary", After: "appendix", Days: 2, Once: true, From: "Surgical Assessment Unit, St Anne's Hospital",
		Body: "You were admitted with abdominal pain and underwent a laparoscopic appendicectomy. The operation was uncomplicated. Keep the wounds clean and dry, avoid heavy lifting for four weeks and see your GP if you develop a fever or redness around the wounds.",
	},
	{Title: "ECG tracing", After: "ecg", Days: 0, Once: true, Image: true, From: "Riverside Medical Practice",
		Body: "12-lead resting ECG recorded at the practice: sinus rhythm, normal axis, no left ventricular hypertrophy. Reviewed by Dr Helen Ruiz: normal.",
		Tags: []string{"bp"}},
	{Title: "Physiotherapy referral", After: "knee", Days: 30, From: "Dr Helen Ruiz, Riverside Medical Practice",
		Body: "I would be grateful if you could see this patient with knee osteoarthritis, right more than left, limiting walking to about a mile. X-ray shows medial joint space narrowing. Analgesia is paracetamol as needed.",
		Tags: []string{"joints"}},
	{Title: "Diabetic eye screening result", After: "diabetes", Days: 240, From: "Retinal screening service, Northgate Health Centre",
		Body: "Your recent diabetic eye screening photographs show no diabetic retinopathy in either eye. You will be invited again for screening in one year.",
		Tags: []string{"diabetes"}},
	{Title: "Cardiology clinic letter", After: "hypertension", Days: 90, From: "Cardiology Outpatients, St Anne's Hospital",
		Body: "Your ECG and echocardiogram were normal. Your blood pressure is now well controlled on treatment. No further cardiology follow-up is needed.",
		Tags: []string{"bp"}},
}

// note is a personal note, written At a fraction of the span, or just before
// the condition Before is diagnosed.
type note struct {
	Title, Body string
	At          float64
	Before      string
	Tags        []string
	Sensitive   []record.Kind
}

var notes = []note{
	{Title: "Questions for next GP visit", At: 0.75, Body: "Ask about knee pain on stairs. Is the metformin causing the stomach upsets? Flu jab date."},
	{Title: "Walking group", At: 0.40, Body: "Joined the Tuesday walking group at the park. 5 km in 55 minutes.", Tags: []string{"exercise"}},
	{Title: "Low-carb week", At: 0.38, Body: "Tried cutting bread and potatoes this week; morning sugars down to about 6.", Tags: []string{"diabetes"}},
	{Title: "Family history", At: 0.12, Body: "Mother: type 2 diabetes, stroke at 72. Father: heart attack at 64."},
	{Title: "Feeling low", Before: "depression", Body: "Not sleeping, no interest in anything since the funeral. Worried about money. Not ready to tell anyone yet.",
		Sensitive: []record.Kind{record.Private}},
	{Title: "Travel insurance", At: 0.85, Body: "Declared diabetes, hypertension and asthma. Policy covers pre-existing conditions."},
}

// reviewOf maps an appointment's first tag to the condition it reviews.
var reviewOf = map[string]string{"diabetes": "diabetes", "bp": "hypertension", "asthma": "asthma", "joints": "knee"}

var labHIV = lab{Title: "HIV antigen/antibody test", Qualitative: "Not detected", Range: "Not detected",
	Code:      loinc("56888-1", "HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay"),
	Sensitive: []record.Kind{record.HIV}}

// fillerLabs are the blood tests of everyday care.
var fillerLabs = []lab{labHbA1c, labCholesterol, labLDL, labEGFR, labCreatinine, labPotassium, labTSH, labHb}

// acute are short illnesses that resolve within weeks.
var acute = []condition{
	{Title: "Acute bronchitis", Code: snomed("10509002", "Acute bronchitis"), ICD10: "J20.9",
		Notes: "Cough for 10 days, chest clear of consolidation. Inhaler more often for a week."},
	{Title: "Upper respiratory tract infection", Code: snomed("54150009", "Upper respiratory infection"), ICD10: "J06.9",
		Notes: "Viral. Fluids, rest and paracetamol."},
	{Title: "Low back pain", Code: snomed("279039007", "Low back pain"), ICD10: "M54.5",
		Notes: "After lifting in the garden. No red flags. Keep moving."},
	{Title: "Sprained ankle", Code: snomed("44465007", "Sprain of ankle"), ICD10: "S93.4",
		Notes: "Inversion injury. Ottawa rules negative; no X-ray needed."},
}

// courses are short treatments; Delay is the course length in days.
var courses = []medication{
	{Title: "Clarithromycin 500 mg tablets", Code: rxnorm("197517", "clarithromycin 500 MG Oral Tablet"),
		Dose: "500 mg twice a day for 5 days (penicillin allergy)", Delay: 5},
	{Title: "Prednisolone 5 mg tablets", Code: rxnorm("312617", "prednisolone 5 MG Oral Tablet"),
		Dose: "40 mg (8 tablets) once a day for 5 days for an asthma flare", Delay: 5, Tags: []string{"asthma"}},
	{Title: "Paracetamol 500 mg tablets", Code: rxnorm("198440", "acetaminophen 500 MG Oral Tablet"),
		Dose: "1 g up to four times a day when needed", Delay: 14},
}

// fillerNotes are everyday notes that fit any time.
var fillerNotes = []note{
	{Title: "Sleep", Body: "Sleeping better since cutting out coffee after lunch."},
	{Title: "Step count", Body: "Averaged 7,500 steps a day this month."},
	{Title: "Hay fever", Body: "Itchy eyes and sneezing; antihistamine from the pharmacy helps."},
	{Title: "Repeat prescription", Body: "Ordered repeat prescription online; collect from Hillcrest Pharmacy Friday."},
	{Title: "Diet", Body: "Swapped white bread for wholemeal and cut down on biscuits."},
}
