package org.urja.mdms.platform.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.ImportMode;

/** Upload page for the asset master import. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AssetImportPages {

    private final List<AssetImporter> importers;

    AssetImportPages(List<AssetImporter> importers) {
        this.importers = importers;
    }

    @GetMapping("/admin/imports")
    String form(Model model) {
        model.addAttribute("importers", importers);
        return "platform/imports";
    }

    @PostMapping("/admin/imports")
    String upload(@RequestParam String kind, @RequestParam(defaultValue = "false") boolean validOnly,
                  @RequestParam("file") MultipartFile file, Model model) throws IOException {
        model.addAttribute("importers", importers);
        AssetImporter importer = importers.stream().filter(i -> i.kind().equals(kind)).findFirst().orElse(null);
        if (importer == null) {
            model.addAttribute("error", "Unknown import kind " + kind);
            return "platform/imports";
        }
        var table = CsvTable.parse(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
        model.addAttribute("report", importer.importTable(table, validOnly ? ImportMode.VALID_ONLY : ImportMode.ALL_OR_NOTHING));
        return "platform/imports";
    }

    @Bean
    static StaffFunction importFunction() {
        return new StaffFunction("Administration", "Asset master import", "/admin/imports",
                "Import network nodes, DCUs, meters, consumers and service points from CSV",
                EnumSet.of(StaffRole.ADMIN), 15);
    }

    @Bean
    static StaffFunction apiDocsFunction() {
        return new StaffFunction("Integration", "API documentation", "/swagger-ui.html",
                "OpenAPI description of the REST API", EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR), 80);
    }
}
