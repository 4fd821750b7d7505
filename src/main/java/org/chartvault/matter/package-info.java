/**
 * Matters: the litigation (or other legal proceeding) that productions and release packets are made for.
 * <p>
 * A matter's Bates numbers are one sequence, whatever produced them: {@link org.chartvault.matter.BatesLedger} hands
 * each production and each packet of a matter its own range, after every range handed out before, under the matter's
 * lock (a PostgreSQL advisory lock when several nodes share a database), and keeps the ranges in the object store
 * ({@code matters/<key>/bates.json}), so a restart or another node continues the sequence and never repeats a number.
 */
package org.chartvault.matter;
