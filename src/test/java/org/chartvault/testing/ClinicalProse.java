package org.chartvault.testing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plausible, entirely made-up clinical sentences for one patient and one date of service, from templates with
 * {slots}. Plain ASCII only, so every word also prints in a PDF standard font.
 */
final class ClinicalProse {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);
    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    private static final Map<String, List<String>> TEMPLATES = Map.ofEntries(
            Map.entry("complaint", List.of(
                    "{symptom} for {duration}.", "{symptom} and {symptom} for {duration}.",
                    "Worsening {symptom} over the past {duration}.")),
            Map.entry("history", List.of(
                    "The patient is a {age} year old {man} with a history of {condition}, {condition} and {condition} who presents with {symptom} for {duration}.",
                    "{He} reports {symptom} that is worse with exertion and improves with rest.",
                    "{He} denies {symptom}, {symptom} or {symptom}.",
                    "In the emergency department {lab} was noted and {he} received {drug}.",
                    "Symptoms began {duration} ago and have progressively worsened.",
                    "{He} has been taking {his} home medications including {drug} and {drug} as prescribed.",
                    "{He} lives with {his} family, quit smoking ten years ago and drinks alcohol rarely.")),
            Map.entry("pmh", List.of(
                    "{condition}.", "{condition}, followed by {specialty}.", "Status post {procedure} in {year}.")),
            Map.entry("allergies", List.of(
                    "No known drug allergies.", "Penicillin, rash.", "Sulfa drugs, hives.", "Codeine, nausea.")),
            Map.entry("meds", List.of("{med}.")),
            Map.entry("exam", List.of(
                    "Vital signs: {vitals}.", "General: alert and oriented, in no acute distress.",
                    "Lungs: {lungs}.", "Heart: {heart}.", "Abdomen: {abdomen}.", "Extremities: {edema}.")),
            Map.entry("assessment", List.of(
                    "{condition}, {status}.", "{symptom}, likely secondary to {condition}.",
                    "{lab}, consistent with {condition}.")),
            Map.entry("plan", List.of(
                    "Continue {med}.", "Start {med} and monitor {monitor}.", "Check {monitor} in the morning.",
                    "Follow up with {specialty} in {weeks} weeks.", "Low sodium diet, ambulate with assistance, incentive spirometry.",
                    "Code status: full code.", "DVT prophylaxis with heparin 5000 units subcutaneously q.8h.")),
            Map.entry("course", List.of(
                    "The patient was admitted to the medical floor and treated with {med}.",
                    "{His} {symptom} improved over {days} days and {he} was weaned to room air.",
                    "{specialty} was consulted and agreed with the plan.", "{He} remained hemodynamically stable throughout the stay.",
                    "On admission {lab}; this improved with treatment.", "Physical therapy cleared {him} for discharge home.")),
            Map.entry("followup", List.of(
                    "Follow up with the primary care physician in {weeks} weeks.",
                    "Return to the emergency department for {symptom} or {symptom}.",
                    "Home health nursing was arranged for medication teaching.", "Repeat {monitor} in one week.")),
            Map.entry("diagnosis", List.of("{condition}.")),
            Map.entry("procedure", List.of("{procedure}.")),
            Map.entry("surgeon", List.of("{provider}.")),
            Map.entry("anesthesia", List.of(
                    "General endotracheal anesthesia.", "Spinal anesthesia with sedation.",
                    "Monitored anesthesia care with local infiltration.")),
            Map.entry("operation", List.of(
                    "The patient was brought to the operating room and placed in the supine position.",
                    "After induction of anesthesia the operative site was prepped and draped in the usual sterile fashion.",
                    "A time out was performed confirming the patient, procedure and laterality.",
                    "Hemostasis was obtained with electrocautery and the wound was irrigated with saline.",
                    "The fascia was closed with 0 Vicryl and the skin with 4-0 Monocryl.",
                    "Sponge, needle and instrument counts were correct at the end of the case.")),
            Map.entry("blood loss", List.of("Estimated blood loss {ebl} mL. No complications.")),
            Map.entry("disposition", List.of(
                    "The patient tolerated the procedure well and was taken to the PACU in stable condition.")),
            Map.entry("specimen", List.of("{specimen}.")),
            Map.entry("gross", List.of(
                    "Received in formalin labeled with the patient's name is a tan-pink tissue fragment measuring {size} x {size} x {size} cm.",
                    "The specimen is inked, serially sectioned and entirely submitted in {cassettes} cassettes.",
                    "Cut surfaces are firm and homogeneous without gross lesions.")),
            Map.entry("microscopic", List.of(
                    "Sections show {histology}.", "Surgical margins are free of tumor.",
                    "Immunohistochemical stains show appropriate controls.", "No lymphovascular invasion is identified.")),
            Map.entry("pathology diagnosis", List.of("{specimen}: {histology}.")),
            Map.entry("examination", List.of("{imaging}.")),
            Map.entry("indication", List.of("{symptom}. History of {condition}.")),
            Map.entry("technique", List.of(
                    "Standard protocol. Comparison is made with the prior study dated {earlier}.",
                    "Images were obtained without complication. No prior studies are available.")),
            Map.entry("findings", List.of(
                    "The lungs are clear without focal consolidation, effusion or pneumothorax.",
                    "The cardiac silhouette is {heartsize}.", "There is a {size} cm {lesion} in the {location}.",
                    "No acute fracture or dislocation is seen.", "Degenerative changes are present at L4-L5 with mild canal narrowing.",
                    "The liver, spleen and kidneys are unremarkable.")),
            Map.entry("impression", List.of(
                    "No acute cardiopulmonary process.", "Findings consistent with {condition}.",
                    "{size} cm {lesion} in the {location}; recommend follow up CT in 6 months.")),
            Map.entry("lab comment", List.of(
                    "Specimen collected at {time} and received in the laboratory at {time}.",
                    "Critical value called to the nursing unit and read back.", "Results reviewed by {provider}.")),
            Map.entry("consent", List.of(
                    "I, {patient}, consent to {procedure} to be performed by {provider} and assistants.",
                    "The nature of the procedure, its risks including bleeding, infection and injury to nearby structures, and its alternatives have been explained to me.",
                    "I understand that no guarantee has been made about the result.",
                    "I consent to anesthesia and to blood products if they are needed.",
                    "I had the opportunity to ask questions and all of my questions were answered.")),
            Map.entry("signature", List.of("Signed by {patient} on {date} at {time}. Witness: {nurse}, RN.")),
            Map.entry("referred to", List.of("{provider}, {specialty}.")),
            Map.entry("referral reason", List.of(
                    "Evaluation of {condition} with {symptom}.", "Management of {condition}, {status}.")),
            Map.entry("requested", List.of(
                    "Consultation and management. Please send the report to the referring office.",
                    "Authorization number {auth} covers {visits} visits.")),
            Map.entry("vitals", List.of("{vitals}.")),
            Map.entry("neuro", List.of(
                    "Alert and oriented x3, follows commands, pupils equal and reactive.", "Speech clear, moves all extremities.")),
            Map.entry("cardiovascular", List.of("Heart {heart}.", "Extremities with {edema}.", "Radial pulses 2+ bilaterally.")),
            Map.entry("respiratory", List.of("Lungs {lungs}.", "On {oxygen}.", "Nonproductive cough.")),
            Map.entry("skin", List.of(
                    "Skin warm and dry, intact.", "Braden score {braden}.",
                    "Stage 2 pressure injury on the sacrum, dressing changed.")),
            Map.entry("pain", List.of("Pain {pain}/10 in the {bodypart}; acetaminophen 650 mg PO given.", "Pain controlled, rated {pain}/10.")),
            Map.entry("safety", List.of(
                    "Morse fall score {morse}; bed alarm on, call light within reach.", "Side rails up x2, nonskid socks on.")),
            Map.entry("subjective", List.of(
                    "{He} reports {his} {symptom} is improving.", "Slept well overnight and is tolerating a regular diet.",
                    "Complains of {symptom} since this morning.")),
            Map.entry("consult reason", List.of("Asked by {provider} to evaluate {condition}.")));

    private static final List<String> CONDITIONS = List.of(
            "hypertension", "type 2 diabetes mellitus", "hyperlipidemia", "CHF", "COPD", "atrial fibrillation",
            "chronic kidney disease stage 3", "coronary artery disease", "prior MI", "asthma", "hypothyroidism", "GERD",
            "osteoarthritis", "obstructive sleep apnea", "major depressive disorder", "iron deficiency anemia",
            "peripheral vascular disease", "DVT", "community acquired pneumonia", "cellulitis", "urinary tract infection",
            "acute kidney injury", "sepsis", "gout", "migraine", "cirrhosis", "pancreatitis", "TIA");
    private static final List<String> SYMPTOMS = List.of(
            "chest pain", "shortness of breath", "dyspnea on exertion", "productive cough", "abdominal pain",
            "nausea and vomiting", "lower extremity edema", "fever and chills", "dizziness", "palpitations", "fatigue",
            "headache", "low back pain", "dysuria", "weakness", "orthopnea", "diarrhea", "poor appetite");
    private static final List<String> DURATIONS = List.of(
            "two days", "three days", "one week", "two weeks", "several months", "24 hours", "12 hours", "one month");
    private static final List<String[]> DRUGS = List.of(   // name, usual doses, unit, route
            new String[] {"metoprolol tartrate", "25 50", "mg", "PO"}, new String[] {"lisinopril", "10 20", "mg", "PO"},
            new String[] {"atorvastatin", "40 80", "mg", "PO"}, new String[] {"metformin", "500 1000", "mg", "PO"},
            new String[] {"furosemide", "20 40", "mg", "IV"}, new String[] {"apixaban", "2.5 5", "mg", "PO"},
            new String[] {"aspirin", "81", "mg", "PO"}, new String[] {"levothyroxine", "50 75", "mcg", "PO"},
            new String[] {"pantoprazole", "40", "mg", "PO"}, new String[] {"amlodipine", "5 10", "mg", "PO"},
            new String[] {"insulin glargine", "10 20", "units", "subcutaneously"}, new String[] {"prednisone", "20 40", "mg", "PO"},
            new String[] {"ceftriaxone", "1", "g", "IV"}, new String[] {"vancomycin", "1250", "mg", "IV"},
            new String[] {"acetaminophen", "650", "mg", "PO"}, new String[] {"ondansetron", "4", "mg", "IV"},
            new String[] {"gabapentin", "300", "mg", "PO"}, new String[] {"sertraline", "50", "mg", "PO"},
            new String[] {"warfarin", "5", "mg", "PO"}, new String[] {"albuterol nebulizer", "2.5", "mg", "inhaled"});
    private static final List<String> FREQUENCIES = List.of(
            "daily", "b.i.d.", "t.i.d.", "q.i.d.", "q.h.s.", "q.6h. p.r.n.", "q.8h.", "q.12h.");
    private static final List<String> PROCEDURES = List.of(
            "laparoscopic cholecystectomy", "right total knee arthroplasty", "left total hip arthroplasty",
            "open reduction and internal fixation of the left distal radius", "laparoscopic appendectomy",
            "coronary artery bypass grafting", "transurethral resection of the prostate", "excision of a skin lesion",
            "right inguinal hernia repair", "colonoscopy with biopsy", "cardiac catheterization");
    private static final List<String> SPECIMENS = List.of(
            "Gallbladder, cholecystectomy", "Colon, sigmoid, biopsy", "Skin, left forearm, shave biopsy",
            "Prostate, needle core biopsy", "Breast, right, core biopsy", "Appendix, appendectomy",
            "Endometrium, curettage", "Lymph node, left axillary, excision");
    private static final List<String> HISTOLOGY = List.of(
            "chronic cholecystitis with cholelithiasis", "tubular adenoma with low grade dysplasia",
            "benign fibroadipose tissue", "invasive ductal carcinoma, grade 2", "acute suppurative appendicitis",
            "squamous cell carcinoma in situ", "benign prostatic tissue", "reactive lymphoid hyperplasia");
    private static final List<String> IMAGING = List.of(
            "Chest radiograph, two views", "CT abdomen and pelvis with contrast", "MRI lumbar spine without contrast",
            "Ultrasound of the right upper quadrant", "CT head without contrast", "CT angiogram of the chest");
    private static final List<String> SPECIALTIES = List.of(
            "cardiology", "nephrology", "pulmonology", "orthopedic surgery", "gastroenterology", "endocrinology",
            "infectious disease", "general surgery", "neurology", "wound care");

    private final Random random;
    private final Patient patient;
    private final LocalDate serviceDate;
    private final int age;

    ClinicalProse(Random random, Patient patient, LocalDate serviceDate) {
        this.random = random;
        this.patient = patient;
        this.serviceDate = serviceDate;
        this.age = java.time.Period.between(patient.birthDate(), serviceDate).getYears();
    }

    /** {@code count} different sentences from one kind of section, as one paragraph. */
    String paragraph(String kind, int count) {
        List<String> templates = new ArrayList<>(TEMPLATES.get(kind));
        if (templates.size() == 1) return String.join(" ", sentences(templates.get(0), count));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count && !templates.isEmpty(); i++) {
            chosen.add(sentence(templates.remove(random.nextInt(templates.size()))));
        }
        return String.join(" ", chosen);
    }

    static boolean knows(String kind) {
        return TEMPLATES.containsKey(kind);
    }

    /** Rows of a laboratory panel: test, result, units, reference range, flag (H, L or empty). */
    List<List<String>> labRows(int count) {
        List<Lab> labs = new ArrayList<>(Lab.PANEL);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < count && !labs.isEmpty(); i++) {
            Lab lab = labs.remove(random.nextInt(labs.size()));
            double span = lab.high - lab.low;
            double value = Math.max(lab.low / 2, lab.low - span * 0.25 + random.nextDouble() * span * 1.5);
            String shown = String.format(Locale.ROOT, "%." + lab.decimals + "f", value);
            double rounded = Double.parseDouble(shown);
            String flag = rounded > lab.high ? "H" : rounded < lab.low ? "L" : "";
            String range = String.format(Locale.ROOT, "%." + lab.decimals + "f-%." + lab.decimals + "f", lab.low, lab.high);
            rows.add(List.of(lab.name, shown, lab.unit, range, flag));
        }
        return rows;
    }

    private List<String> sentences(String template, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(sentence(template));
        return out;
    }

    private String sentence(String template) {
        Set<String> used = new HashSet<>();   // no "COPD, COPD and COPD" within one sentence
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = fill(m.group(1));
            for (int tries = 0; used.contains(value) && tries < 10; tries++) value = fill(m.group(1));
            used.add(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Character.toUpperCase(out.charAt(0)) + out.substring(1);
    }

    private String fill(String slot) {
        boolean female = patient.sex() == Patient.Sex.FEMALE;
        return switch (slot) {
            case "age" -> Integer.toString(age);
            case "man" -> female ? "woman" : "man";
            case "He" -> female ? "She" : "He";
            case "he" -> female ? "she" : "he";
            case "his" -> female ? "her" : "his";
            case "His" -> female ? "Her" : "His";
            case "him" -> female ? "her" : "him";
            case "patient" -> patient.firstName() + " " + patient.lastName();
            case "condition" -> pick(CONDITIONS);
            case "symptom" -> pick(SYMPTOMS);
            case "duration" -> pick(DURATIONS);
            case "drug" -> pick(DRUGS)[0];
            case "med" -> medication();
            case "procedure" -> pick(PROCEDURES);
            case "specimen" -> pick(SPECIMENS);
            case "histology" -> pick(HISTOLOGY);
            case "imaging" -> pick(IMAGING);
            case "specialty" -> pick(SPECIALTIES);
            case "provider" -> "Dr. " + Names.fullName(random);
            case "nurse" -> Names.fullName(random);
            case "status" -> pick(List.of("stable", "improving", "worsening", "newly diagnosed", "poorly controlled", "acute exacerbation"));
            case "vitals" -> String.format(Locale.ROOT, "BP %d/%d, HR %d, RR %d, T %.1f F, SpO2 %d%% on room air",
                    between(100, 170), between(60, 98), between(58, 118), between(12, 24), 97.0 + random.nextInt(40) / 10.0, between(89, 100));
            case "lab" -> pick(List.of(
                    "creatinine 1." + between(1, 9) + " mg/dL", "hemoglobin " + between(7, 11) + "." + between(0, 9) + " g/dL",
                    "WBC " + between(12, 19) + "." + between(0, 9) + " K/uL", "potassium 3." + between(0, 3) + " mmol/L",
                    "troponin I 0." + between(10, 90) + " ng/mL", "BNP " + between(400, 1900) + " pg/mL",
                    "HbA1c " + between(7, 11) + "." + between(0, 9) + "%", "lactate " + between(2, 4) + "." + between(0, 9) + " mmol/L"));
            case "monitor" -> pick(List.of("renal function", "potassium", "blood glucose", "INR", "a CBC", "a basic metabolic panel"));
            case "lungs" -> pick(List.of("clear to auscultation bilaterally", "bibasilar crackles", "scattered expiratory wheezes",
                    "diminished breath sounds at the right base"));
            case "heart" -> pick(List.of("regular rate and rhythm, no murmurs", "irregularly irregular rhythm",
                    "II/VI systolic murmur at the left sternal border"));
            case "abdomen" -> pick(List.of("soft, nontender, nondistended, normal bowel sounds",
                    "mild tenderness in the right upper quadrant", "obese, soft, nontender"));
            case "edema" -> pick(List.of("no edema", "1+ pitting edema bilaterally", "2+ pitting edema to the knees"));
            case "oxygen" -> pick(List.of("room air", "2 L nasal cannula", "4 L nasal cannula", "BiPAP at night"));
            case "heartsize" -> pick(List.of("normal in size", "mildly enlarged", "enlarged"));
            case "lesion" -> pick(List.of("nodule", "cyst", "mass", "area of consolidation"));
            case "location" -> pick(List.of("right upper lobe", "left lower lobe", "right kidney", "left lobe of the liver", "pancreatic head"));
            case "bodypart" -> pick(List.of("lower back", "right knee", "left hip", "abdomen", "incision site"));
            case "size" -> between(1, 4) + "." + between(0, 9);
            case "ebl" -> Integer.toString(between(1, 30) * 10);
            case "days", "cassettes" -> Integer.toString(between(2, 6));
            case "weeks" -> Integer.toString(between(1, 6));
            case "visits" -> Integer.toString(between(3, 12));
            case "year" -> Integer.toString(serviceDate.getYear() - between(1, 20));
            case "earlier" -> serviceDate.minusDays(between(30, 900)).format(DATE);
            case "date" -> serviceDate.format(DATE);
            case "time" -> String.format(Locale.ROOT, "%02d:%02d", between(6, 22), between(0, 59));
            case "auth" -> Long.toString(1_000_000L + random.nextInt(9_000_000));
            case "braden" -> Integer.toString(between(12, 22));
            case "morse" -> Integer.toString(between(0, 12) * 5);
            case "pain" -> Integer.toString(between(0, 9));
            default -> throw new IllegalStateException("no words for {" + slot + "}");
        };
    }

    private String medication() {
        String[] drug = pick(DRUGS);
        String[] doses = drug[1].split(" ");
        return drug[0] + " " + doses[random.nextInt(doses.length)] + " " + drug[2] + " " + drug[3] + " " + pick(FREQUENCIES);
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private record Lab(String name, String unit, double low, double high, int decimals) {
        static final List<Lab> PANEL = List.of(
                new Lab("Sodium", "mmol/L", 135, 145, 0), new Lab("Potassium", "mmol/L", 3.5, 5.1, 1),
                new Lab("Chloride", "mmol/L", 98, 107, 0), new Lab("CO2", "mmol/L", 22, 29, 0),
                new Lab("BUN", "mg/dL", 7, 20, 0), new Lab("Creatinine", "mg/dL", 0.6, 1.3, 2),
                new Lab("Glucose", "mg/dL", 70, 99, 0), new Lab("Calcium", "mg/dL", 8.5, 10.2, 1),
                new Lab("WBC", "K/uL", 4.5, 11.0, 1), new Lab("Hemoglobin", "g/dL", 12.0, 16.0, 1),
                new Lab("Platelets", "K/uL", 150, 400, 0), new Lab("INR", "ratio", 0.9, 1.1, 1),
                new Lab("Troponin I", "ng/mL", 0.00, 0.04, 2), new Lab("TSH", "mIU/L", 0.4, 4.0, 2),
                new Lab("Magnesium", "mg/dL", 1.7, 2.2, 1), new Lab("Albumin", "g/dL", 3.5, 5.0, 1));
    }
}
