package org.chartvault.fhir;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ITI-65 body as it arrives, in memory bounded by the submission's {@link SubmissionMemory} share
 * whatever the size of its documents: each document ({@code Binary.data}, or inline
 * {@code DocumentReference.content.attachment.data}) is base64-decoded straight into a file in the work folder,
 * and the rest of the bundle, its metadata, is copied as JSON into memory (counted against the share, at most
 * {@link #MAX_METADATA_BYTES}) and then parsed strictly by HAPI ({@link FhirJson#parseBundle}).
 *
 * <p>Reading the JSON itself also refuses what HAPI's parser would let through: duplicate keys, a document or a
 * narrative that is not a JSON string, a narrative that is not an XHTML {@code div}, bytes that are not UTF-8, and
 * anything after the Bundle.
 */
final class SpoolingBundleReader {
    private static final long MIB = 1024 * 1024;
    /** The metadata of one bundle, everything but its documents: thousands of DocumentReferences fit in 4 MiB. */
    static final long MAX_METADATA_BYTES = 4 * MIB;
    /** The longest JSON string other than a document (a narrative, a title), held whole while it is copied. */
    static final int MAX_STRING_CHARS = 256 * 1024;
    /** How a document's bytes are written: FHIR's base64 is RFC 4648's standard alphabet, padded. */
    private static final com.fasterxml.jackson.core.Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final FhirJson json;
    private final Path workDir;
    private final long maxBundleBytes;

    /** {@code maxBundleBytes}: the largest body read, documents in base64 included (413 beyond). */
    SpoolingBundleReader(FhirJson json, Path workDir, long maxBundleBytes) {
        this.json = json;
        this.workDir = workDir;
        this.maxBundleBytes = maxBundleBytes;
    }

    ReceivedBundle read(InputStream body, SubmissionMemory.Reservation memory) throws IOException {
        Files.createDirectories(workDir);
        Map<String, ReceivedBundle.Document> documents = new LinkedHashMap<>();
        try {
            MetadataBuffer metadata = new MetadataBuffer(memory);
            try (JsonParser parser = JSON.createParser(new Limited(body, maxBundleBytes));
                 JsonGenerator generator = JSON.createGenerator(metadata)) {
                JsonToken first = parser.nextToken();
                if (first == null) throw FhirException.badRequest("The request has no body; send a FHIR Bundle as JSON.");
                if (first != JsonToken.START_OBJECT) throw notFhirJson("a FHIR resource is a JSON object, the body holds " + kind(first) + ".");
                new Copy(parser, generator, documents).value(first, new ArrayList<>());
                if (parser.nextToken() != null) throw notFhirJson("there is more after the Bundle.");
            } catch (StreamReadException | StreamConstraintsException e) { // syntax; a string, number or nesting past the limits
                throw notFhirJson(e.getOriginalMessage());
            } catch (TooLarge e) {
                throw e.refusal;
            }
            Bundle bundle = json.parseBundle(new InputStreamReader(metadata.reading(), StandardCharsets.UTF_8));
            documentsWhereFhirHasThem(bundle, documents.keySet());
            return new ReceivedBundle(bundle, documents);
        } catch (IOException | RuntimeException e) {
            new ReceivedBundle(null, documents).close();
            throw e;
        }
    }

    /** Copies the JSON event by event into the metadata, decoding documents into files on the way. */
    private final class Copy {
        private final JsonParser parser;
        private final JsonGenerator generator;
        private final Map<String, ReceivedBundle.Document> documents;

        Copy(JsonParser parser, JsonGenerator generator, Map<String, ReceivedBundle.Document> documents) {
            this.parser = parser;
            this.generator = generator;
            this.documents = documents;
        }

        /** The value that starts with {@code token}, at {@code path} (names and array indexes from the Bundle down). */
        void value(JsonToken token, List<Object> path) throws IOException {
            switch (token) {
                case START_OBJECT -> {
                    generator.writeStartObject();
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                        if (t == null) throw notFhirJson("the body ends in the middle of the Bundle.");
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        path.add(name);
                        String document = documentKey(path);
                        if (document != null) {
                            if (value != JsonToken.VALUE_STRING) throw invalid(name, "should be a JSON string of base64, not " + kind(value));
                            documents.put(document, decode(name));
                        } else {
                            if (isNarrative(path)) narrative(value);
                            generator.writeFieldName(name);
                            value(value, path);
                        }
                        path.removeLast();
                    }
                    generator.writeEndObject();
                }
                case START_ARRAY -> {
                    generator.writeStartArray();
                    int i = 0;
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                        if (t == null) throw notFhirJson("the body ends in the middle of the Bundle.");
                        path.add(i++);
                        value(t, path);
                        path.removeLast();
                    }
                    generator.writeEndArray();
                }
                default -> generator.copyCurrentEventExact(parser); // decimals keep their digits
            }
        }

        private ReceivedBundle.Document decode(String name) throws IOException {
            Path file = Files.createTempFile(workDir, "mhd-", ".part");
            long size;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                size = parser.readBinaryValue(BASE64, out);
            } catch (JsonEOFException e) {
                Files.deleteIfExists(file);
                throw notFhirJson("the body ends in the middle of '" + name + "'.");
            } catch (StreamReadException | IllegalArgumentException e) { // Jackson reports a bad base64 character with the latter
                Files.deleteIfExists(file);
                throw invalid(name, "not base64");
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new ReceivedBundle.Document(file, size);
        }

        private void narrative(JsonToken value) throws IOException {
            boolean xhtml = value == JsonToken.VALUE_STRING && parser.getText().stripLeading().startsWith("<div");
            if (!xhtml) throw invalid("div", "a narrative is XHTML: a string holding one <div xmlns=\"http://www.w3.org/1999/xhtml\">");
        }
    }

    /** Where FHIR puts a document: Binary.data, or DocumentReference.content.attachment.data (checked after parsing). */
    private static String documentKey(List<Object> path) {
        if (path.size() < 4 || !"entry".equals(path.get(0)) || !(path.get(1) instanceof Integer entry) || !"resource".equals(path.get(2))) {
            return null;
        }
        if (path.size() == 4 && "data".equals(path.get(3))) return ReceivedBundle.binaryData(entry);
        if (path.size() == 7 && "content".equals(path.get(3)) && path.get(4) instanceof Integer content
                && "attachment".equals(path.get(5)) && "data".equals(path.get(6))) {
            return ReceivedBundle.attachmentData(entry, content);
        }
        return null;
    }

    private static boolean isNarrative(List<Object> path) {
        return path.size() >= 2 && "div".equals(path.getLast()) && "text".equals(path.get(path.size() - 2));
    }

    /** A document taken out where no Binary or DocumentReference was is an element FHIR does not have there. */
    private static void documentsWhereFhirHasThem(Bundle bundle, Iterable<String> keys) {
        List<FhirException.Issue> issues = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Resource resource = bundle.getEntry().get(i).getResource();
            for (String key : keys) {
                boolean binaryData = key.equals(ReceivedBundle.binaryData(i));
                boolean attachmentData = key.startsWith("Bundle.entry[" + i + "].resource.content[");
                if ((binaryData && !(resource instanceof Binary)) || (attachmentData && !(resource instanceof DocumentReference))) {
                    issues.add(new FhirException.Issue(IssueType.STRUCTURE, "Unknown element 'data' (in "
                            + (resource == null ? "an entry" : resource.fhirType()) + "); FHIR R4 has no such element.", key));
                }
            }
        }
        if (!issues.isEmpty()) throw new FhirException(400, issues);
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static FhirException notFhirJson(String why) {
        return new FhirException(400, IssueType.STRUCTURE, "The body is not FHIR JSON: " + FhirJson.clip(why));
    }

    private static FhirException invalid(String element, String why) {
        return new FhirException(400, IssueType.VALUE, "Element '" + element + "' has an invalid value: " + why + ".");
    }

    /** Signals a limit from inside Jackson's reads and writes, which pass IOExceptions on as they are. */
    private static final class TooLarge extends IOException {
        final FhirException refusal;

        TooLarge(FhirException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }

    /** The body, refused with 413 past the most a bundle may be. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge(new FhirException(413, IssueType.TOOCOSTLY, "The bundle is larger than " + max / MIB
                        + " MiB, the most this server accepts in one request; send the documents in several bundles."));
            }
        }
    }

    /** The metadata JSON, in memory: counted against the submission's share as it grows, 413 past its maximum. */
    private static final class MetadataBuffer extends OutputStream {
        private final Bytes bytes = new Bytes();
        private final SubmissionMemory.Reservation memory;
        private long allowed = SubmissionMemory.METADATA_STEP; // the first step comes with the first share

        MetadataBuffer(SubmissionMemory.Reservation memory) {
            this.memory = memory;
        }

        @Override
        public void write(int b) throws IOException {
            room(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int offset, int length) throws IOException {
            room(length);
            bytes.write(b, offset, length);
        }

        private void room(int more) throws TooLarge {
            long needed = (long) bytes.size() + more;
            if (needed > MAX_METADATA_BYTES) {
                throw new TooLarge(new FhirException(413, IssueType.TOOCOSTLY, "The bundle's metadata (everything but the "
                        + "documents) is larger than " + MAX_METADATA_BYTES / MIB + " MiB; send fewer documents in each bundle."));
            }
            try {
                while (needed > allowed) {
                    memory.growForMetadata(SubmissionMemory.METADATA_STEP);
                    allowed += SubmissionMemory.METADATA_STEP;
                }
            } catch (FhirException e) {
                throw new TooLarge(e);
            }
        }

        /** The JSON written, read where it lies (a copy would be one more metadata's worth). */
        InputStream reading() {
            return bytes.reading();
        }

        private static final class Bytes extends ByteArrayOutputStream {
            InputStream reading() {
                return new ByteArrayInputStream(buf, 0, count);
            }
        }
    }
}
