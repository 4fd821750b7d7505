/**
 * The operational log as operators read it: one line per record whatever the logged values contain. Hold names,
 * reasons, file names and exception messages carry user text; a line break in them must not start a line that
 * looks like a record of its own. The converters here are named in {@code logback.xml}.
 */
package org.chartvault.logging;
