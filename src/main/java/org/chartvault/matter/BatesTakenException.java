package org.chartvault.matter;

import org.chartvault.Refusal;

/** A first Bates number was asked for that an earlier production or packet of the matter already used. */
public class BatesTakenException extends RuntimeException implements Refusal.Conflict {
    public BatesTakenException(String matter, long asked, long next) {
        super("Bates number " + asked + " is already used in matter " + Refusal.quoted(matter) + ": numbers up to "
                + (next - 1) + " went to earlier productions or packets. Leave the first number out (the matter's next, "
                + next + ", is used) or give one from " + next + " up.");
    }

    @Override
    public String code() {
        return "bates-taken";
    }
}
