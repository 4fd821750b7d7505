/**
 * Watched folders: capture from the folders scanners write to. An administrator names a folder, the scanning
 * account its files are filed under and their default indexing values; the node holding the folder's lease takes
 * each file once it has stopped changing, files it through the same ingest path as an upload, and only then moves
 * it to {@code archived/} (or deletes it), or to {@code rejected/} with the reason beside it.
 */
package org.chartvault.watch;
