package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The letter templates as kept in the store ({@code settings/letter-templates.json}), like the release settings:
 * the defaults in {@link LetterTemplate#DEFAULTS} until an administrator changes one.
 */
public final class LetterTemplates {
    private final ObjectStore store;

    public LetterTemplates(ObjectStore store) {
        this.store = store;
    }

    /**
     * The templates and who the letters are from.
     *
     * @param hospital the hospital's name, as letters sign
     * @param contact  whom to contact (and complain to) at the hospital, with the telephone number
     *                 (164.524(d)(2)(iii) asks for the name or title and the telephone number)
     */
    public record Stored(String hospital, String contact, List<LetterTemplate> templates) {
        public static final Stored DEFAULTS = new Stored("the hospital",
                "the Privacy Officer (see the telephone number on our Notice of Privacy Practices)", LetterTemplate.DEFAULTS);

        public Stored {
            hospital = hospital == null || hospital.isBlank() ? "the hospital" : hospital.strip();
            contact = contact == null || contact.isBlank() ? "the Privacy Officer" : contact.strip();
            if (hospital.length() > 200 || contact.length() > 500) {
                throw new InvalidReleaseException("bad-letter", "The hospital's name is at most 200 characters and the contact at most 500.");
            }
            templates = templates == null ? List.of() : List.copyOf(templates);
        }

        /** The template of a kind: the administrator's, or the default. */
        public LetterTemplate template(LetterKind kind) {
            return templates.stream().filter(t -> t.kind() == kind).findFirst()
                    .orElseGet(() -> LetterTemplate.DEFAULTS.stream().filter(t -> t.kind() == kind).findFirst().orElseThrow());
        }

        /** Every kind's template, the defaults where none was changed. */
        public List<LetterTemplate> all() {
            List<LetterTemplate> every = new ArrayList<>();
            for (LetterKind kind : LetterKind.values()) every.add(template(kind));
            return every;
        }

        Stored with(LetterTemplate changed) {
            List<LetterTemplate> kept = new ArrayList<>(templates.stream().filter(t -> t.kind() != changed.kind()).toList());
            kept.add(changed);
            return new Stored(hospital, contact, kept);
        }
    }

    public Stored get() throws IOException {
        try {
            return Json.read(store.getBytes(ReleaseKeys.LETTER_TEMPLATES), Stored.class);
        } catch (ObjectNotFoundException e) {
            return Stored.DEFAULTS;
        }
    }

    /** Replaces one kind's template. */
    public Stored put(LetterTemplate template) throws IOException {
        return save(get().with(template));
    }

    /** Changes who the letters are from. */
    public Stored sender(String hospital, String contact) throws IOException {
        Stored current = get();
        return save(new Stored(hospital != null ? hospital : current.hospital(), contact != null ? contact : current.contact(),
                current.templates()));
    }

    private Stored save(Stored stored) throws IOException {
        store.put(ReleaseKeys.LETTER_TEMPLATES, Json.bytes(stored), "application/json");
        return stored;
    }
}
