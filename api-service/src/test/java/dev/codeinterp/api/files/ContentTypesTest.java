package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource({
            "script.py, text/x-python",
            "report.pdf, application/pdf",
            "plot.png, image/png",
            "data.csv, text/csv",
            "notes.txt, text/plain",
            "data.json, application/json",
            "photo.jpg, image/jpeg",
            "photo.JPEG, image/jpeg",
            "chart.svg, image/svg+xml",
            "page.html, text/html",
            "archive.tar.gz, application/gzip",
            "sheet.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "blob.bin, application/octet-stream",
            "Makefile, application/octet-stream",
            ".bashrc, application/octet-stream",
            "trailing., application/octet-stream"})
    void shouldChooseTheTypeFromTheExtension(String filename, String type) {
        assertThat(ContentTypes.forFilename(filename)).isEqualTo(MediaType.parseMediaType(type));
    }
}
