/**
 * Background work that must survive a crash: a {@link org.chartvault.jobs.Job} is recorded durably in a
 * {@link org.chartvault.jobs.JobQueue} before the request that asked for it is answered, handed to
 * {@link org.chartvault.jobs.JobWorkers} (retried with back-off, at most three attempts) and removed only once done.
 * Ingest (processing an uploaded document) and holds (building a production export) use it; the queue lives in the
 * object store on one node ({@link org.chartvault.jobs.StoredJobQueue}) and in PostgreSQL when nodes share state
 * ({@code org.chartvault.db.PostgresJobQueue}). Nothing here knows what a job does.
 */
package org.chartvault.jobs;
