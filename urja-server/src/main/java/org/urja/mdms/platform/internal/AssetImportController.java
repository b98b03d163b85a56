package org.urja.mdms.platform.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;

/** Bulk import of the utility's asset master, one CSV kind per call. Administrators only. */
@RestController
@RequestMapping("/api/v1/imports")
@PreAuthorize("hasRole('ADMIN')")
class AssetImportController {

    private final Map<String, AssetImporter> importers = new TreeMap<>();

    AssetImportController(List<AssetImporter> importers) {
        importers.forEach(i -> this.importers.put(i.kind(), i));
    }

    record KindInfo(String kind, String description, List<String> columns) {
    }

    @GetMapping
    List<KindInfo> kinds() {
        return importers.values().stream().map(i -> new KindInfo(i.kind(), i.description(), i.columns())).toList();
    }

    @PostMapping(path = "/{kind}", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<?> importCsv(@PathVariable String kind, @RequestParam(defaultValue = "all-or-nothing") String mode,
                                @RequestBody String csv) {
        return run(kind, mode, new StringReader(csv));
    }

    @PostMapping(path = "/{kind}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> importFile(@PathVariable String kind, @RequestParam(defaultValue = "all-or-nothing") String mode,
                                 @RequestPart("file") MultipartFile file) throws IOException {
        return run(kind, mode, new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
    }

    ResponseEntity<?> run(String kind, String modeName, Reader reader) {
        AssetImporter importer = importers.get(kind);
        if (importer == null) {
            throw ApiProblem.notFound("kind", "Unknown import kind '" + kind + "'; known: " + importers.keySet());
        }
        ImportMode mode = switch (modeName) {
            case "all-or-nothing" -> ImportMode.ALL_OR_NOTHING;
            case "valid-only" -> ImportMode.VALID_ONLY;
            default -> throw ApiProblem.invalid("mode", "mode must be all-or-nothing or valid-only");
        };
        ImportReport report = importer.importTable(CsvTable.parse(reader), mode);
        if (report.rowsImported() == 0 && !report.errors().isEmpty()) {
            List<FieldIssue> issues = report.errors().stream()
                    .map(e -> new FieldIssue(e.field(), e.line(), e.message())).toList();
            ResponseEntity<ProblemDetail> problem = ProblemResponses.build(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Import rejected",
                    report.rowsRejected() + " of " + report.rowsRead() + " rows are invalid; nothing was imported",
                    issues);
            problem.getBody().setProperty("rowsRead", report.rowsRead());
            problem.getBody().setProperty("rowsRejected", report.rowsRejected());
            return problem;
        }
        return ResponseEntity.ok(report);
    }
}
