package org.chartvault.testing;

import java.util.List;
import java.util.Random;

/** Made-up people and places: about 80 first names, about 330 surnames (a list plus syllable pairs), hospitals. */
final class Names {
    private Names() {
    }


    static final List<String> FEMALE = List.of(
            "Margaret", "Henrietta", "Alice", "Beatrice", "Clara", "Dolores", "Eleanor", "Fiona", "Gloria", "Harriet",
            "Irene", "Janet", "Katherine", "Louise", "Maribel", "Nadia", "Olivia", "Priya", "Rosalind", "Sofia",
            "Theresa", "Ursula", "Vera", "Wilhelmina", "Yolanda", "Zoe", "Agnes", "Bernadette", "Camille", "Delphine",
            "Esther", "Frances", "Grace", "Hannah", "Ingrid", "Josephine", "Leticia", "Mei", "Nora", "Pauline");
    static final List<String> MALE = List.of(
            "Arthur", "Bernard", "Caspian", "Desmond", "Edgar", "Franklin", "Gordon", "Harold", "Isaac", "Julian",
            "Kenneth", "Leonard", "Malcolm", "Nathaniel", "Oscar", "Percival", "Quentin", "Raymond", "Stanley", "Theodore",
            "Victor", "Walter", "Xavier", "Yusuf", "Zachary", "Ambrose", "Benedict", "Cornelius", "Dmitri", "Emmett",
            "Felix", "Gregory", "Horace", "Ignatius", "Jerome", "Luis", "Marcus", "Neville", "Rajesh", "Tobias");
    private static final List<String> SURNAMES = List.of(
            "Wojciechowski", "Rutherford", "Okonkwo", "Delacroix", "Nakamura", "Fitzgerald", "Abernathy", "Castellanos",
            "Lindqvist", "Moreau", "Oyelaran", "Petrakis", "Quintero", "Szymanski", "Thibodeaux", "Vasquez", "Whitcombe",
            "Yamashita", "Zielinski", "Brennan", "Chowdhury", "Dubois", "Esposito", "Gallagher", "Haddad", "Ivanova",
            "Jablonski", "Kowalczyk", "Larkin", "Mendelsohn", "Novak", "O'Donnell", "Pemberton", "Rasmussen", "Salazar",
            "Tanaka", "Underwood", "Valentine", "Winslow", "Albright");
    private static final List<String> FIRST_SYLLABLES = List.of(
            "Hal", "Mor", "Ash", "Bren", "Cal", "Dun", "Fair", "Gar", "Hart", "Kel", "Lind", "Mar", "Nor", "Pen", "Ral",
            "Stan", "Thorn", "Wes", "Whit", "Ald");
    private static final List<String> LAST_SYLLABLES = List.of(
            "ford", "well", "by", "ton", "wick", "ley", "more", "stead", "worth", "field", "mont", "son", "dale", "ridge");
    private static final List<String> PLACES = List.of(
            "NORTHGATE", "RIVERSIDE", "ST. ANSELM", "LAKEVIEW", "MERCY VALLEY", "CEDAR RIDGE", "HOLLOWAY", "BRIGHTWATER",
            "EASTBROOK", "SUMMIT COUNTY", "PINE HARBOR", "WESTFIELD", "SAINT BRENDAN", "GREYSTONE");
    private static final List<String> KINDS = List.of(
            "COMMUNITY HOSPITAL", "MEDICAL CENTER", "REGIONAL HOSPITAL", "GENERAL HOSPITAL", "MEMORIAL HOSPITAL");

    /** Half from the list, half an English-sounding pair of syllables (Halford, Thornwick, Penridge...). */
    static String surname(Random random) {
        if (random.nextBoolean()) return SURNAMES.get(random.nextInt(SURNAMES.size()));
        return FIRST_SYLLABLES.get(random.nextInt(FIRST_SYLLABLES.size()))
                + LAST_SYLLABLES.get(random.nextInt(LAST_SYLLABLES.size()));
    }

    static String firstName(Random random, Patient.Sex sex) {
        List<String> names = sex == Patient.Sex.FEMALE ? FEMALE : MALE;
        return names.get(random.nextInt(names.size()));
    }

    /** "First Last" of a clinician. */
    static String fullName(Random random) {
        Patient.Sex sex = random.nextBoolean() ? Patient.Sex.FEMALE : Patient.Sex.MALE;
        return firstName(random, sex) + " " + surname(random);
    }

    static String hospital(int key) {
        return PLACES.get(Math.floorMod(key, PLACES.size())) + " " + KINDS.get(Math.floorMod(key / 7, KINDS.size()));
    }
}
