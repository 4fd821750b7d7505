package org.chartvault.bench;

import org.chartvault.document.Indexing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The text of chart pages as OCR reads them, fast enough for a million pages (tens of microseconds a page; the
 * {@link org.chartvault.testing.ChartGenerator} lays text out with real font metrics for rendering, which costs
 * milliseconds). Same shape as the generator's pages: hospital line, document type, patient block, sections of
 * clinical prose and laboratory tables, footer with the patient, MRN and "Page n of m", wrapped at about 90
 * characters, about 350 words on a full page. Many patients, each with several documents; about one word in a
 * hundred carries an OCR slip (rn/m, l/1, o/0, a dropped letter), as an archive of scans does. Everything is made
 * up; the same document number always gives the same text.
 */
final class ChartText {
    /** A page as it is indexed: its document, its number, the document's indexing values and the text. */
    record Page(String documentId, int number, int pageCount, Indexing indexing, String text) {
    }

    /** Documents per patient, on average: a chart of a few admissions and visits. */
    static final int DOCUMENTS_PER_PATIENT = 4;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);
    private static final int LINE_CHARS = 90;
    private static final int FULL_PAGE_LINES = 44;

    static final List<String> DOCUMENT_TYPES = List.of(
            "DISCHARGE SUMMARY", "HISTORY AND PHYSICAL", "OPERATIVE REPORT", "PROGRESS NOTE", "CONSULTATION",
            "PATHOLOGY REPORT", "LABORATORY REPORT", "RADIOLOGY REPORT", "CONSENT FOR TREATMENT", "REFERRAL",
            "NURSING ASSESSMENT");
    static final List<String> CONDITIONS = List.of(
            "hypertension", "type 2 diabetes mellitus", "hyperlipidemia", "congestive heart failure", "CHF", "COPD",
            "atrial fibrillation", "chronic kidney disease stage 3", "coronary artery disease", "prior MI", "asthma",
            "hypothyroidism", "GERD", "osteoarthritis", "obstructive sleep apnea", "major depressive disorder",
            "iron deficiency anemia", "peripheral vascular disease", "DVT", "pulmonary embolism",
            "community acquired pneumonia", "cellulitis", "urinary tract infection", "acute kidney injury", "sepsis",
            "gout", "migraine", "cirrhosis", "pancreatitis", "TIA", "cholelithiasis", "diverticulitis",
            "rheumatoid arthritis", "osteoporosis", "benign prostatic hyperplasia", "hyponatremia", "hypokalemia",
            "delirium", "dementia", "Parkinson disease", "seizure disorder", "anxiety disorder", "alcohol use disorder",
            "morbid obesity", "hepatitis C", "HIV infection", "lung adenocarcinoma", "breast carcinoma", "C. difficile colitis");
    static final List<String> SYMPTOMS = List.of(
            "chest pain", "shortness of breath", "dyspnea on exertion", "productive cough", "abdominal pain",
            "nausea and vomiting", "lower extremity edema", "fever and chills", "dizziness", "palpitations", "fatigue",
            "headache", "low back pain", "dysuria", "weakness", "orthopnea", "diarrhea", "poor appetite", "syncope",
            "hematuria", "melena", "hemoptysis", "confusion", "weight loss", "night sweats", "joint swelling");
    static final List<String> DRUGS = List.of(
            "metoprolol tartrate", "metoprolol succinate", "lisinopril", "losartan", "atorvastatin", "rosuvastatin",
            "metformin", "glipizide", "furosemide", "torsemide", "spironolactone", "apixaban", "rivaroxaban", "warfarin",
            "aspirin", "clopidogrel", "levothyroxine", "pantoprazole", "omeprazole", "amlodipine", "hydrochlorothiazide",
            "insulin glargine", "insulin lispro", "prednisone", "methylprednisolone", "ceftriaxone", "vancomycin",
            "piperacillin-tazobactam", "azithromycin", "doxycycline", "cephalexin", "acetaminophen", "oxycodone",
            "ondansetron", "gabapentin", "sertraline", "escitalopram", "trazodone", "quetiapine", "albuterol",
            "tiotropium", "montelukast", "tamsulosin", "allopurinol", "colchicine", "enoxaparin", "heparin",
            "potassium chloride", "magnesium oxide", "docusate", "senna", "melatonin", "donepezil", "carvedilol");
    private static final List<String> UNITS = List.of("mg", "mg", "mg", "mcg", "units", "g");
    private static final List<String> ROUTES = List.of("PO", "PO", "PO", "IV", "subcutaneously", "inhaled");
    private static final List<String> FREQUENCIES = List.of(
            "daily", "b.i.d.", "t.i.d.", "q.i.d.", "q.h.s.", "q.6h. p.r.n.", "q.8h.", "q.12h.", "weekly");
    static final List<String> PROCEDURES = List.of(
            "laparoscopic cholecystectomy", "right total knee arthroplasty", "left total hip arthroplasty",
            "open reduction and internal fixation of the left distal radius", "laparoscopic appendectomy",
            "coronary artery bypass grafting", "transurethral resection of the prostate", "excision of a skin lesion",
            "right inguinal hernia repair", "colonoscopy with biopsy", "cardiac catheterization", "thoracentesis",
            "paracentesis", "upper endoscopy", "lumbar puncture", "percutaneous coronary intervention",
            "carpal tunnel release", "cystoscopy", "bronchoscopy with lavage", "cesarean section");
    private static final List<String> SPECIALTIES = List.of(
            "cardiology", "nephrology", "pulmonology", "orthopedic surgery", "gastroenterology", "endocrinology",
            "infectious disease", "general surgery", "neurology", "wound care", "oncology", "urology", "psychiatry",
            "rheumatology", "physical therapy", "palliative care");
    private static final List<String> IMAGING = List.of(
            "Chest radiograph, two views", "CT abdomen and pelvis with contrast", "MRI lumbar spine without contrast",
            "Ultrasound of the right upper quadrant", "CT head without contrast", "CT angiogram of the chest",
            "Transthoracic echocardiogram", "Venous duplex of the lower extremities", "MRI brain with and without contrast");
    private static final List<String> FINDINGS = List.of(
            "no acute cardiopulmonary process", "small bilateral pleural effusions", "cardiomegaly with vascular congestion",
            "right lower lobe consolidation", "no evidence of pulmonary embolism", "mild degenerative disc disease",
            "gallbladder wall thickening with stones", "no acute intracranial abnormality", "ejection fraction of 35 percent",
            "nonocclusive thrombus in the left popliteal vein", "a 1.2 cm nodule in the right upper lobe");
    private static final String[][] LABS = {   // name, unit, low, high, decimals
            {"Sodium", "mmol/L", "135", "145", "0"}, {"Potassium", "mmol/L", "3.5", "5.1", "1"},
            {"Chloride", "mmol/L", "98", "107", "0"}, {"CO2", "mmol/L", "22", "29", "0"}, {"BUN", "mg/dL", "7", "20", "0"},
            {"Creatinine", "mg/dL", "0.6", "1.3", "2"}, {"Glucose", "mg/dL", "70", "99", "0"},
            {"Calcium", "mg/dL", "8.5", "10.2", "1"}, {"WBC", "K/uL", "4.5", "11.0", "1"},
            {"Hemoglobin", "g/dL", "12.0", "16.0", "1"}, {"Platelets", "K/uL", "150", "400", "0"},
            {"INR", "ratio", "0.9", "1.1", "1"}, {"Troponin I", "ng/mL", "0.00", "0.04", "2"}, {"TSH", "mIU/L", "0.4", "4.0", "2"},
            {"Magnesium", "mg/dL", "1.7", "2.2", "1"}, {"Albumin", "g/dL", "3.5", "5.0", "1"}, {"ALT", "U/L", "7", "56", "0"},
            {"AST", "U/L", "10", "40", "0"}, {"Lactate", "mmol/L", "0.5", "2.2", "1"}, {"BNP", "pg/mL", "0", "100", "0"}};
    static final List<String> FIRST_NAMES = List.of(
            "Margaret", "Henrietta", "Alice", "Beatrice", "Clara", "Dolores", "Eleanor", "Fiona", "Gloria", "Harriet",
            "Irene", "Janet", "Katherine", "Louise", "Maribel", "Nadia", "Olivia", "Priya", "Rosalind", "Sofia",
            "Theresa", "Ursula", "Vera", "Yolanda", "Zoe", "Agnes", "Camille", "Esther", "Frances", "Grace", "Hannah",
            "Ingrid", "Josephine", "Leticia", "Mei", "Nora", "Pauline", "Arthur", "Bernard", "Desmond", "Edgar",
            "Franklin", "Gordon", "Harold", "Isaac", "Julian", "Kenneth", "Leonard", "Malcolm", "Nathaniel", "Oscar",
            "Quentin", "Raymond", "Stanley", "Theodore", "Victor", "Walter", "Xavier", "Yusuf", "Zachary", "Ambrose",
            "Benedict", "Dmitri", "Emmett", "Felix", "Gregory", "Horace", "Jerome", "Luis", "Marcus", "Rajesh", "Tobias");
    private static final List<String> SURNAMES = List.of(
            "Wojciechowski", "Rutherford", "Okonkwo", "Delacroix", "Nakamura", "Fitzgerald", "Abernathy", "Castellanos",
            "Lindqvist", "Moreau", "Oyelaran", "Petrakis", "Quintero", "Szymanski", "Thibodeaux", "Vasquez", "Whitcombe",
            "Yamashita", "Zielinski", "Brennan", "Chowdhury", "Dubois", "Esposito", "Gallagher", "Haddad", "Ivanova",
            "Jablonski", "Kowalczyk", "Larkin", "Mendelsohn", "Novak", "Pemberton", "Rasmussen", "Salazar", "Tanaka",
            "Underwood", "Valentine", "Winslow", "Albright", "Nguyen", "Garcia", "Okafor", "Schmidt", "Kaczmarek",
            "Ferreira", "Lindgren", "Morales", "Patel", "Romano", "Sato", "Torres", "Wagner", "Yilmaz", "Zhang");
    private static final List<String> SYLLABLES_1 = List.of(
            "Hal", "Mor", "Ash", "Bren", "Cal", "Dun", "Fair", "Gar", "Hart", "Kel", "Lind", "Mar", "Nor", "Pen", "Ral",
            "Stan", "Thorn", "Wes", "Whit", "Ald", "Brad", "Cran", "Elm", "Hol", "Rad", "Sel", "Wynd");
    private static final List<String> SYLLABLES_2 = List.of(
            "ford", "well", "by", "ton", "wick", "ley", "more", "stead", "worth", "field", "mont", "son", "dale", "ridge",
            "hurst", "ham", "brook", "croft");
    private static final List<String> PLACES = List.of(
            "NORTHGATE", "RIVERSIDE", "ST. ANSELM", "LAKEVIEW", "MERCY VALLEY", "CEDAR RIDGE", "HOLLOWAY", "BRIGHTWATER",
            "EASTBROOK", "SUMMIT COUNTY", "PINE HARBOR", "WESTFIELD", "SAINT BRENDAN", "GREYSTONE");
    private static final List<String> KINDS = List.of(
            "COMMUNITY HOSPITAL", "MEDICAL CENTER", "REGIONAL HOSPITAL", "GENERAL HOSPITAL", "MEMORIAL HOSPITAL");
    private static final List<String> SECTIONS = List.of(
            "Chief complaint", "History of present illness", "Past medical history", "Medications", "Allergies",
            "Physical examination", "Laboratory data", "Assessment", "Plan", "Hospital course", "Findings", "Impression",
            "Procedure", "Recommendations", "Follow-up", "Subjective", "Objective", "Nursing note");

    private final long seed;

    ChartText(long seed) {
        this.seed = seed;
    }

    /** The pages (1-3) of document number {@code n}; patient {@code n / DOCUMENTS_PER_PATIENT}. */
    List<Page> document(long n) {
        long patientNumber = n / DOCUMENTS_PER_PATIENT;
        SplittableRandom person = new SplittableRandom(mix(seed, patientNumber * 2 + 1));
        boolean female = person.nextBoolean();
        String first = pick(person, FIRST_NAMES);
        String last = person.nextBoolean() ? pick(person, SURNAMES) : pick(person, SYLLABLES_1) + pick(person, SYLLABLES_2);
        // unique per patient (a bijection of the patient number), 8 digits as hospitals print them
        String mrn = String.format(Locale.ROOT, "%08d", (patientNumber * 7_919 + 10_000_019) % 100_000_000);
        LocalDate born = LocalDate.of(1930, 1, 1).plusDays(person.nextInt(70 * 365));
        String hospital = pick(person, PLACES) + " " + pick(person, KINDS);

        SplittableRandom r = new SplittableRandom(mix(seed, n * 2));
        String type = pick(r, DOCUMENT_TYPES);
        LocalDate serviceDate = LocalDate.of(2014, 1, 1).plusDays(r.nextInt(12 * 365));
        if (serviceDate.isBefore(born)) serviceDate = born.plusDays(1 + r.nextInt(365));
        String encounter = "V" + (100_000_000 + r.nextInt(900_000_000));
        String attending = pick(r, FIRST_NAMES) + " " + surname(r) + ", MD";
        String name = (last + ", " + first).toUpperCase(Locale.ROOT);
        Indexing indexing = new Indexing(mrn, name, born, type, serviceDate, encounter);
        int age = serviceDate.getYear() - born.getYear();

        int pageCount = pageCount(n);
        String documentId = String.format(Locale.ROOT, "doc_bench%010d", n);
        List<Page> pages = new ArrayList<>(pageCount);
        for (int number = 1; number <= pageCount; number++) {
            Lines lines = new Lines(r);
            lines.add(hospital);
            lines.add(number == 1 ? type : type + " (continued)");
            lines.add("");
            if (number == 1) {
                lines.add("Patient: " + name + "    MRN: " + mrn);
                lines.add("DOB: " + born.format(DATE) + "    Date of service: " + serviceDate.format(DATE));
                lines.add("Encounter: " + encounter + "    Attending: " + attending);
                lines.add("");
            }
            int bodyLines = number < pageCount ? FULL_PAGE_LINES : 12 + r.nextInt(FULL_PAGE_LINES - 12);
            while (lines.count() < bodyLines) section(lines, r, female, age, serviceDate);
            lines.add("");
            lines.add(name + "    MRN: " + mrn + "    Page " + number + " of " + pageCount);
            pages.add(new Page(documentId, number, pageCount, indexing, lines.text()));
        }
        return pages;
    }

    private static void section(Lines lines, SplittableRandom r, boolean female, int age, LocalDate date) {
        String heading = pick(r, SECTIONS);
        lines.add(heading + ":");
        if (heading.equals("Laboratory data") || r.nextInt(10) == 0) {
            lines.add("Test    Result    Units    Reference range    Flag");
            int rows = 3 + r.nextInt(6);
            for (int i = 0; i < rows; i++) {
                String[] lab = LABS[r.nextInt(LABS.length)];
                double low = Double.parseDouble(lab[2]), high = Double.parseDouble(lab[3]);
                double value = Math.max(low / 2, low - (high - low) * 0.25 + r.nextDouble() * (high - low) * 1.5);
                String fmt = "%." + lab[4] + "f";
                String flag = value > high ? "    H" : value < low ? "    L" : "";
                lines.add(lab[0] + "    " + String.format(Locale.ROOT, fmt, value) + "    " + lab[1] + "    "
                        + String.format(Locale.ROOT, fmt, low) + "-" + String.format(Locale.ROOT, fmt, high) + flag);
            }
        } else {
            StringBuilder paragraph = new StringBuilder();
            int sentences = 2 + r.nextInt(5);
            for (int i = 0; i < sentences; i++) {
                if (i > 0) paragraph.append(' ');
                paragraph.append(sentence(r, female, age, date));
            }
            lines.paragraph(paragraph.toString());
        }
        lines.add("");
    }

    private static String sentence(SplittableRandom r, boolean female, int age, LocalDate date) {
        String he = female ? "she" : "he", his = female ? "her" : "his", He = female ? "She" : "He";
        return switch (r.nextInt(24)) {
            case 0 -> "The patient is a " + age + " year old " + (female ? "woman" : "man") + " with a history of "
                    + pick(r, CONDITIONS) + " and " + pick(r, CONDITIONS) + " who presents with " + pick(r, SYMPTOMS) + ".";
            case 1 -> He + " reports " + pick(r, SYMPTOMS) + " that is worse with exertion and improves with rest.";
            case 2 -> He + " denies " + pick(r, SYMPTOMS) + ", " + pick(r, SYMPTOMS) + " or " + pick(r, SYMPTOMS) + ".";
            case 3 -> "Vital signs: BP " + between(r, 96, 182) + "/" + between(r, 52, 104) + ", HR " + between(r, 48, 128)
                    + ", RR " + between(r, 12, 28) + ", T " + (96 + r.nextInt(50) / 10.0) + " F, SpO2 " + between(r, 86, 100) + "%.";
            case 4 -> "Continue " + medication(r) + ".";
            case 5 -> "Start " + medication(r) + " and monitor " + pick(r, List.of("renal function", "potassium",
                    "blood glucose", "INR", "a CBC", "a basic metabolic panel", "liver function tests")) + ".";
            case 6 -> "Follow up with " + pick(r, SPECIALTIES) + " in " + between(r, 1, 8) + " weeks.";
            case 7 -> capital(pick(r, CONDITIONS)) + ", " + pick(r, List.of("stable", "improving", "worsening",
                    "newly diagnosed", "poorly controlled", "acute exacerbation")) + ".";
            case 8 -> "Status post " + pick(r, PROCEDURES) + " in " + (date.getYear() - between(r, 1, 25)) + ".";
            case 9 -> "Lungs: " + pick(r, List.of("clear to auscultation bilaterally", "bibasilar crackles",
                    "scattered expiratory wheezes", "diminished breath sounds at the right base")) + ".";
            case 10 -> "Heart: " + pick(r, List.of("regular rate and rhythm, no murmurs", "irregularly irregular rhythm",
                    "II/VI systolic murmur at the left sternal border")) + ".";
            case 11 -> "Abdomen: " + pick(r, List.of("soft, nontender, nondistended, normal bowel sounds",
                    "mild tenderness in the right upper quadrant", "obese, soft, nontender")) + ".";
            case 12 -> pick(r, IMAGING) + " on " + date.minusDays(r.nextInt(30)).format(DATE) + " showed "
                    + pick(r, FINDINGS) + ".";
            case 13 -> "The patient underwent " + pick(r, PROCEDURES) + " without complication; estimated blood loss "
                    + between(r, 1, 40) * 10 + " mL.";
            case 14 -> "On admission " + lab(r) + "; this improved with treatment.";
            case 15 -> capital(pick(r, SPECIALTIES)) + " was consulted by Dr. " + surname(r) + " and agreed with the plan.";
            case 16 -> "Allergies: " + pick(r, List.of("no known drug allergies", "penicillin, rash", "sulfa drugs, hives",
                    "codeine, nausea", "latex", "iodinated contrast, hives")) + ".";
            case 17 -> capital(his) + " " + pick(r, SYMPTOMS) + " improved over " + between(r, 2, 7) + " days and " + he
                    + " was weaned to room air.";
            case 18 -> "Discharged home in stable condition on " + medication(r) + " and " + medication(r) + ".";
            case 19 -> "Return to the emergency department for " + pick(r, SYMPTOMS) + " or " + pick(r, SYMPTOMS) + ".";
            case 20 -> "Pain " + between(r, 0, 9) + "/10 in the " + pick(r, List.of("lower back", "right knee", "left hip",
                    "abdomen", "incision site")) + "; acetaminophen 650 mg PO given at " + String.format(Locale.ROOT,
                    "%02d:%02d", between(r, 0, 23), between(r, 0, 59)) + ".";
            case 21 -> "Morse fall score " + between(r, 0, 12) * 5 + "; bed alarm on, call light within reach.";
            case 22 -> "Diagnosis: " + pick(r, CONDITIONS) + ", " + lab(r) + ".";
            default -> "Code status: " + pick(r, List.of("full code", "DNR/DNI", "DNR, comfort measures")) + ", discussed with "
                    + his + " family.";
        };
    }

    private static String lab(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "creatinine 1." + r.nextInt(10) + " mg/dL";
            case 1 -> "hemoglobin " + between(r, 6, 11) + "." + r.nextInt(10) + " g/dL";
            case 2 -> "WBC " + between(r, 12, 24) + "." + r.nextInt(10) + " K/uL";
            case 3 -> "potassium " + between(r, 2, 6) + "." + r.nextInt(10) + " mmol/L";
            case 4 -> "troponin I 0." + between(r, 10, 99) + " ng/mL";
            case 5 -> "BNP " + between(r, 120, 4200) + " pg/mL";
            case 6 -> "HbA1c " + between(r, 6, 13) + "." + r.nextInt(10) + "%";
            default -> "lactate " + between(r, 2, 6) + "." + r.nextInt(10) + " mmol/L";
        };
    }

    private static String medication(SplittableRandom r) {
        return pick(r, DRUGS) + " " + pick(r, List.of("2.5", "5", "10", "20", "25", "40", "50", "81", "100", "250", "500", "1000"))
                + " " + pick(r, UNITS) + " " + pick(r, ROUTES) + " " + pick(r, FREQUENCIES);
    }

    private static String surname(SplittableRandom r) {
        return r.nextBoolean() ? pick(r, SURNAMES) : pick(r, SYLLABLES_1) + pick(r, SYLLABLES_2);
    }

    /** Pages of document {@code n} (1-3), cheap to know without writing the text. */
    int pageCount(long n) {
        return 1 + new SplittableRandom(mix(seed, n * 2 + 0x5EED)).nextInt(3);
    }

    /** How many documents, from number 0, make up at least {@code pages} pages. */
    long documentsFor(long pages) {
        long documents = 0;
        for (long counted = 0; counted < pages; documents++) counted += pageCount(documents);
        return documents;
    }

    /** Pages of documents 0 to {@code documents} - 1. */
    long pagesOf(long documents) {
        long pages = 0;
        for (long n = 0; n < documents; n++) pages += pageCount(n);
        return pages;
    }

    /** A surname the generator can print (for queries). */
    static String surname(int i) {
        return SURNAMES.get(Math.floorMod(i, SURNAMES.size()));
    }

    /** The MRN of patient {@code patientNumber}. */
    static String mrn(long patientNumber) {
        return String.format(Locale.ROOT, "%08d", (patientNumber * 7_919 + 10_000_019) % 100_000_000);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static int between(SplittableRandom r, int low, int high) {
        return low + r.nextInt(high - low + 1);
    }

    private static <T> T pick(SplittableRandom r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static long mix(long seed, long n) {
        long z = seed + n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Lines of a page: paragraphs wrapped, and about one word in a hundred with an OCR slip. */
    private static final class Lines {
        private final SplittableRandom r;
        private final StringBuilder text = new StringBuilder(3000);
        private int count;

        Lines(SplittableRandom r) {
            this.r = r;
        }

        void add(String line) {
            if (count > 0) text.append('\n');
            text.append(line);
            count++;
        }

        int count() {
            return count;
        }

        void paragraph(String paragraph) {
            StringBuilder line = new StringBuilder(LINE_CHARS + 20);
            for (String word : paragraph.split(" ")) {
                if (r.nextInt(100) == 0) word = slip(word);
                if (!line.isEmpty() && line.length() + 1 + word.length() > LINE_CHARS) {
                    add(line.toString());
                    line.setLength(0);
                }
                if (!line.isEmpty()) line.append(' ');
                line.append(word);
            }
            if (!line.isEmpty()) add(line.toString());
        }

        private String slip(String word) {
            if (word.length() < 4) return word;
            int at = 1 + r.nextInt(word.length() - 2);
            char c = word.charAt(at);
            return switch (c) {
                case 'm' -> word.substring(0, at) + "rn" + word.substring(at + 1);
                case 'l' -> word.substring(0, at) + "1" + word.substring(at + 1);
                case 'o' -> word.substring(0, at) + "0" + word.substring(at + 1);
                case 'e' -> word.substring(0, at) + "c" + word.substring(at + 1);
                default -> word.substring(0, at) + word.substring(at + 1);
            };
        }

        String text() {
            return text.toString();
        }
    }
}
