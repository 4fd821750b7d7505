package org.chartvault.hold;

import org.chartvault.Sha256;
import org.chartvault.document.DocumentService;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;
import org.chartvault.document.SourceScan;
import org.chartvault.originals.Originals;
import org.chartvault.release.SensitiveCategories;
import org.chartvault.release.SensitiveCategory;
import org.chartvault.storage.IntegrityException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the ZIP of a production, streaming: each file goes from the store (or a temporary file) into the ZIP, hashed
 * on the way, so no file and not the production is ever held in memory. Layout:
 * <pre>
 *   NATIVES/&lt;BEGBATES&gt;.&lt;ext&gt;   the document's original: the file as uploaded, or for a document cut from a larger
 *                              scan or joined from several a PDF of its own pages (manifest and report name its source)
 *   IMAGES/&lt;BEGBATES&gt;.pdf       the searchable PDF, every page stamped with its Bates number
 *   TEXT/&lt;BEGBATES&gt;.txt         the page text (UTF-8; pages separated by form feeds)
 *   DATA/production.dat        Concordance load file      DATA/production.opt   Opticon image cross-reference
 *   manifest.csv               every file above: path, SHA-256, bytes, document, Bates range, source scan and pages
 *   chain-of-custody.pdf       what was produced, by whom, when, with every hash and the manifest's
 * </pre>
 * The same export gives the same bytes: documents in a fixed order, entries stamped with the time the export was
 * requested (as local DOS time, no time zone involved), PDFs without dates of their own and with content-derived IDs.
 */
final class ProductionWriter {
    static final String MANIFEST = "manifest.csv";
    static final String CUSTODY_REPORT = "chain-of-custody.pdf";
    static final String DAT = "DATA/production.dat";
    static final String OPT = "DATA/production.opt";

    /** Told after every document written: documents so far, pages so far. */
    interface Progress {
        void documentDone(int documents, long pages) throws IOException;
    }

    private final DocumentRepository documents;
    private final Originals originals;
    private final DocumentService documentService;
    private final Path workDir;
    private final BooleanSupplier stopping;
    private final BatesStamper stamper = new BatesStamper();

    private final SensitiveCategories categories;

    ProductionWriter(DocumentRepository documents,
                     DocumentService documentService, Originals originals, SensitiveCategories categories, Path workDir,
                     BooleanSupplier stopping) {
        this.categories = categories;
        this.documentService = documentService;
        this.documents = documents;
        this.originals = originals;
        this.workDir = workDir;
        this.stopping = stopping;
    }

    /**
     * What a production of {@code export} holds, in production order, and what it leaves out with the reason; and how
     * many pages (so Bates numbers) it takes: a document's searchable pages, or one slip sheet.
     */
    record Plan(List<Document> produced, List<String> withheld, long pages) {
    }

    Plan plan(ProductionExport export) throws IOException {
        categories.refresh(); // another node may have protected a category a moment ago
        List<Document> produced = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        for (String documentId : export.documentIds()) {
            Optional<Document> found = documents.find(documentId);
            if (found.isEmpty()) {
                withheld.add(documentId + ": no longer in the archive (deleted after its hold was released).");
                continue;
            }
            Document document = found.get();
            Optional<String> why = protectedWithoutBasis(document, export.terms());
            if (why.isPresent()) withheld.add(why.get());
            else produced.add(originals.settled(document));
        }
        produced.sort(PRODUCTION_ORDER);
        long pages = 0;
        for (Document document : produced) {
            pages += documentService.hasSearchablePdf(document)
                    ? Math.max(1, documents.pages(document).stream().filter(PageContent::isSearchable).count()) : 1;
        }
        return new Plan(produced, withheld, pages);
    }

    /**
     * The release gate, for productions: a record of a protected category (psychotherapy notes, 42 CFR Part 2, any an
     * administrator adds; the categories are the releases' own) leaves only when the request gives a legal basis that
     * can open that category. Otherwise it is withheld, and the custody report says so: a court sees what is missing.
     */
    private Optional<String> protectedWithoutBasis(Document document, ProductionTerms terms) throws IOException {
        Optional<SensitiveCategory> category = categories.of(document.indexing().documentType());
        if (category.isEmpty()) return Optional.empty();
        SensitiveCategory c = category.get();
        Optional<ProductionTerms.ProtectedRecords> basis = basisFor(c, terms);
        if (basis.isPresent() && basis.get().allows(c.part2())) return Optional.empty();
        String needed = c.part2() ? "a court order under 42 CFR 2.64 or the patient's consent under 42 CFR 2.31"
                : "the patient's authorization (45 CFR 164.508) or a court order";
        return Optional.of(document.documentId() + " (" + document.indexing().documentType() + ", MRN "
                + document.indexing().mrn() + "): withheld as " + c.name() + "; "
                + (basis.isEmpty() ? "the request gives no legal basis for this category"
                : "a " + basis.get().basis() + " does not open this category")
                + "; producing it takes " + needed + ".");
    }

    static Optional<ProductionTerms.ProtectedRecords> basisFor(SensitiveCategory category, ProductionTerms terms) {
        return terms.protectedRecords().stream().filter(p -> category.isNamedBy(p.category())).findFirst();
    }

    Production write(ProductionExport export, Hold hold, Progress progress, OutputStream out)
            throws IOException, InterruptedException {
        Plan plan = plan(export);
        List<Document> produced = plan.produced();
        List<String> notProduced = plan.withheld();
        List<Production.Produced> accounted = new ArrayList<>();
        Custodian custodian = export.terms().custodian() != null ? export.terms().custodian()
                : new Custodian(null, null, null);

        LocalDateTime entryTime = LocalDateTime.ofInstant(export.requestedAt(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        BatesNumbering bates = export.bates();
        List<ManifestRow> files = new ArrayList<>();
        List<CustodyReport.Item> items = new ArrayList<>();
        LoadFiles load = new LoadFiles(custodian.organization());
        long page = 0;
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller closes its own stream
            }
        });
        for (Document document : produced) {
            if (stopping.getAsBoolean()) throw new InterruptedException("shutting down");
            final long first = page;
            Path images = Files.createTempFile(workDir, "production-", ".pdf");
            try {
                boolean nativeOnly = !documentService.hasSearchablePdf(document);
                int pages = nativeOnly ? slipSheet(document, images, first, bates, export)
                        : stampedPdf(document, images, first, bates);
                if (export.batesReserved() > 0 && first + pages > export.batesReserved()) {
                    // never print a number the matter handed to someone else
                    throw new IllegalStateException("The production has more pages than the " + export.batesReserved()
                            + " Bates numbers its matter handed it (a held document changed while it was built); "
                            + "request the production again.");
                }
                String begin = bates.number(first), end = bates.number(first + pages - 1);
                String nativePath = "NATIVES/" + begin + "." + extension(document);
                String imagePath = "IMAGES/" + begin + ".pdf";
                String textPath = "TEXT/" + begin + ".txt";

                Written original;
                try (InputStream in = originals.open(document)) {
                    original = entry(zip, nativePath, entryTime, in);
                }
                if (!original.sha256().equals(document.sha256())) {
                    throw new IntegrityException(nativePath + " of " + document.documentId(),
                            "its SHA-256 is not the one recorded in the document");
                }
                Source source = Source.of(document);
                Written image;
                try (InputStream in = Files.newInputStream(images)) {
                    image = entry(zip, imagePath, entryTime, in);
                }
                Written text = entry(zip, textPath, entryTime, new java.io.ByteArrayInputStream(text(document)));
                String id = document.documentId();
                files.add(new ManifestRow(nativePath, original.sha256(), original.bytes(), id, begin, end, ManifestRow.NATIVE,
                        source.sha256(), source.pages()));
                files.add(new ManifestRow(imagePath, image.sha256(), image.bytes(), id, begin, end, ManifestRow.IMAGE,
                        source.sha256(), source.pages()));
                files.add(new ManifestRow(textPath, text.sha256(), text.bytes(), id, begin, end, ManifestRow.TEXT,
                        source.sha256(), source.pages()));

                var ix = document.indexing();
                load.document(begin, end, pages, id, ix.mrn(), ix.patientName(), ix.documentType(), ix.serviceDate(),
                        ix.encounter(), document.fileName(), document.sha256(), nativePath, imagePath, textPath);
                for (int i = 0; i < pages; i++) load.page(bates.number(first + i), imagePath, i == 0, pages);
                items.add(new CustodyReport.Item(begin, end, pages, id, ix.mrn(), ix.documentType(), ix.serviceDate(),
                        document.fileName(), document.sha256(), nativeOnly, document.isWholeUpload() ? null : source,
                        document.uploadedBy(), document.uploadedAt(), document.batchId()));
                Optional<SensitiveCategory> category = categories.of(ix.documentType());
                accounted.add(new Production.Produced(id, ix.mrn(), ix.patientName(), ix.documentType(),
                        ix.serviceDate(), document.pages().stream().map(p -> p.number()).toList(),
                        category.map(SensitiveCategory::category).orElse(null),
                        category.map(SensitiveCategory::part2).orElse(false)));
                page += pages;
                progress.documentDone(items.size(), page);
            } finally {
                Files.deleteIfExists(images);
            }
        }
        Written dat = entry(zip, DAT, entryTime, new java.io.ByteArrayInputStream(load.dat()));
        files.add(new ManifestRow(DAT, dat.sha256(), dat.bytes(), null, null, null, ManifestRow.LOAD_FILE, null, null));
        Written opt = entry(zip, OPT, entryTime, new java.io.ByteArrayInputStream(load.opt()));
        files.add(new ManifestRow(OPT, opt.sha256(), opt.bytes(), null, null, null, ManifestRow.LOAD_FILE, null, null));

        Written manifest = entry(zip, MANIFEST, entryTime, new java.io.ByteArrayInputStream(ManifestRow.csv(files)));
        byte[] report = CustodyReport.pdf(export, hold, custodian, items, notProduced, files, manifest.sha256(), page);
        Written custody = entry(zip, CUSTODY_REPORT, entryTime, new java.io.ByteArrayInputStream(report));
        zip.finish();
        zip.flush();
        return new Production(items.isEmpty() ? null : items.get(0).batesBegin(),
                items.isEmpty() ? null : items.get(items.size() - 1).batesEnd(), page, items.size(),
                manifest.sha256(), custody.sha256(), accounted, notProduced);
    }

    /**
     * Patient by patient, oldest service first; then upload time and id, so the order (and with it every Bates
     * number) is the same each time.
     */
    static final Comparator<Document> PRODUCTION_ORDER = Comparator
            .comparing((Document d) -> d.indexing().mrn(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(d -> d.indexing().serviceDate(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Document::uploadedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Document::documentId);

    private int stampedPdf(Document document, Path target, long first, BatesNumbering bates) throws IOException {
        Path stored = Files.createTempFile(workDir, "searchable-", ".pdf");
        try {
            try (InputStream in = documents.files().openSearchablePdf(document.documentId())) {
                Files.copy(in, stored, StandardCopyOption.REPLACE_EXISTING); // a storage outage: the job is retried
            }
            try {
                return stamper.stamp(stored, target, i -> bates.number(first + i), document.sha256() + bates.number(first));
            } catch (IOException e) {
                // A PDF that cannot be read now will not be readable on the next attempt: fail, do not retry forever.
                throw new IllegalStateException("The searchable PDF of document " + document.documentId()
                        + " cannot be stamped: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(stored);
        }
    }

    private int slipSheet(Document document, Path target, long first, BatesNumbering bates, ProductionExport export)
            throws IOException {
        String why = "Document " + document.documentId() + " (" + document.fileName() + ") is produced in native form "
                + "only: ChartVault holds no page images for it (status: " + document.status().wire()
                + (document.error() == null ? "" : "; " + document.error()) + ").";
        stamper.slipSheet(target, "Slip sheet", why, i -> bates.number(first + i),
                document.sha256() + bates.number(first), export.requestedAt());
        return 1;
    }

    private byte[] text(Document document) throws IOException {
        StringBuilder text = new StringBuilder();
        for (PageContent page : documents.pages(document)) {
            if (!page.isSearchable()) continue;
            if (!text.isEmpty()) text.append('\f');
            text.append(page.text());
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String extension(Document document) {
        String type = document.contentType() == null ? "" : document.contentType().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/pdf" -> "pdf";
            case "image/tiff" -> "tif";
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            default -> {
                String name = document.fileName() == null ? "" : document.fileName();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
                yield ext.matches("[a-z0-9]{1,5}") ? ext : "bin";
            }
        };
    }

    private record Written(String sha256, long bytes) {
    }

    /**
     * Where a produced document's pages came from, as the manifest and the custody report name it: the uploaded
     * scans' SHA-256s and, for each, the pages in it ("2-3", "?" where not recorded), runs separated by ';'.
     */
    record Source(String sha256, String pages) {
        static Source of(Document document) {
            List<String> scans = new ArrayList<>(), pages = new ArrayList<>();
            for (SourceScan run : document.sourceScans()) {
                scans.add(run.sha256() == null ? "?" : run.sha256());
                pages.add(run.pages() == null ? "?" : ranges(run.pages()));
            }
            return new Source(String.join(";", scans), String.join(";", pages));
        }

        /** 1,2,3,5 as "1-3,5". */
        static String ranges(List<Integer> pages) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < pages.size(); ) {
                int j = i;
                while (j + 1 < pages.size() && pages.get(j + 1) == pages.get(j) + 1) j++;
                if (!out.isEmpty()) out.append(',');
                out.append(pages.get(i));
                if (j > i) out.append('-').append(pages.get(j));
                i = j + 1;
            }
            return out.toString();
        }
    }

    private static Written entry(ZipOutputStream zip, String path, LocalDateTime time, InputStream content)
            throws IOException {
        ZipEntry entry = new ZipEntry(path);
        entry.setTimeLocal(time);
        zip.putNextEntry(entry);
        MessageDigest sha256 = sha256();
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = content.read(buffer)) >= 0) {
            sha256.update(buffer, 0, n);
            zip.write(buffer, 0, n);
            bytes += n;
        }
        zip.closeEntry();
        return new Written(HexFormat.of().formatHex(sha256.digest()), bytes);
    }

    static MessageDigest sha256() {
        return Sha256.digest();
    }
}
