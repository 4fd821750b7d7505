/**
 * Amendments (45 CFR 164.526): a patient's request to amend a document of their record, the 60-day clock with its
 * one 30-day extension, the decision (the amendment accepted, or the denial with its basis and the notice the
 * patient is given), the patient's statement of disagreement and the hospital's rebuttal. What was decided is
 * linked to the document: shown with it and sent with every later release of it. Kept in the object store under
 * {@code amendments/}; nothing depends on the search index.
 */
package org.chartvault.amendment;
