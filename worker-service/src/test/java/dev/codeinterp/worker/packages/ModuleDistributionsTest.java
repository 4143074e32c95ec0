package dev.codeinterp.worker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModuleDistributionsTest {

    /** Entries kept although they change nothing, to record a choice; the resource explains each. */
    private static final Set<String> DOCUMENTATION_ENTRIES = Set.of("Levenshtein");

    private static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    @ParameterizedTest
    @CsvSource({
        "sklearn, scikit-learn",
        "cv2, opencv-python-headless",
        "PIL, pillow",
        "yaml, PyYAML",
        "bs4, beautifulsoup4",
        "skimage, scikit-image",
        "dateutil, python-dateutil",
        "dotenv, python-dotenv",
        "docx, python-docx",
        "pptx, python-pptx",
        "jwt, PyJWT",
        "Crypto, pycryptodome",
        "OpenSSL, pyOpenSSL",
        "magic, python-magic",
        "serial, pyserial",
        "usb, pyusb",
        "git, GitPython",
        "gi, PyGObject",
        "attr, attrs",
        "fitz, PyMuPDF",
        "Levenshtein, Levenshtein",
        "mpl_toolkits, matplotlib",
        "pkg_resources, setuptools",
        "wx, wxPython",
        "zmq, pyzmq",
        "jose, python-jose",
        "slugify, python-slugify",
        "socks, PySocks",
        "odf, odfpy",
        "telegram, python-telegram-bot",
        "discord, discord.py",
        "Bio, biopython",
        "MySQLdb, mysqlclient",
        "psycopg2, psycopg2-binary",
        "osgeo, GDAL",
        "umap, umap-learn",
        "faiss, faiss-cpu",
        "dns, dnspython",
    })
    void shouldMapAModuleToItsDistribution(String module, String distribution) {
        assertThat(ModuleDistributions.standard().distributionFor(module)).isEqualTo(distribution);
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy", "pandas", "torch", "tensorflow", "sentencepiece", "setuptools", "xlrd",
        "openpyxl", "tabulate", "nltk", "lxml", "xgboost", "lightgbm", "shapely", "geopandas", "statsmodels",
        "duckdb", "pyarrow", "polars", "tiktoken", "fastapi", "wordcloud", "PyPDF2", "pypdf", "reportlab",
        "docx2txt", "sqlalchemy", "markdown", "google", "multipart", "python_multipart", "win32api"})
    void shouldInstallAnUnlistedModuleUnderItsOwnName(String module) {
        assertThat(ModuleDistributions.standard().distributionFor(module)).isEqualTo(module);
    }

    @Test
    void shouldMatchModulesCaseSensitivelyAsPythonDoes() {
        assertThat(ModuleDistributions.standard().distributionFor("pil")).isEqualTo("pil");
    }

    @Test
    void shouldLoadTheShippedTableOnce() {
        assertThat(ModuleDistributions.standard()).isSameAs(ModuleDistributions.standard());
        assertThat(ModuleDistributions.standard().entries()).hasSizeGreaterThan(40);
    }

    @Test
    void shouldShipOnlyValidEntries() {
        // given
        Map<String, String> entries = ModuleDistributions.standard().entries();

        // when / then: the constructor checks every entry again
        assertThat(new ModuleDistributions(entries).entries()).isEqualTo(entries);
        assertThat(entries).allSatisfy((module, distribution) -> {
            assertThat(module).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(distribution).matches("^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$");
        });
    }

    @Test
    void shouldShipOnlyEntriesThatChangeTheName() {
        assertThat(ModuleDistributions.standard().entries())
                .allSatisfy((module, distribution) -> {
                    if (!DOCUMENTATION_ENTRIES.contains(module)) {
                        assertThat(normalised(distribution)).as(module).isNotEqualTo(normalised(module));
                    }
                });
    }

    @Test
    void shouldMapWithAGivenTable() {
        // given
        ModuleDistributions distributions = new ModuleDistributions(Map.of("cv2", "opencv-python"));

        // when / then
        assertThat(distributions.distributionFor("cv2")).isEqualTo("opencv-python");
        assertThat(distributions.distributionFor("sklearn")).isEqualTo("sklearn");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2cv", "cv2.x", "a-b", "a b", "-x", "x;y", "é"})
    void shouldRefuseAModuleThatIsNotAnIdentifier(String module) {
        assertThatThrownBy(() -> new ModuleDistributions(Map.of(module, "valid-name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a Python module name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "x-", "x_", ".x", "x y", "x;rm -rf /", "pkg==1.0", "pkg[extra]", "--index-url",
        "https://example.org/x.whl", "é"})
    void shouldRefuseADistributionThatIsNotAValidName(String distribution) {
        assertThatThrownBy(() -> new ModuleDistributions(Map.of("module", distribution)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a distribution name for module module");
    }

    @Test
    void shouldRefuseNullNames() {
        Map<String, String> nullModule = new HashMap<>();
        nullModule.put(null, "x");
        Map<String, String> nullDistribution = new HashMap<>();
        nullDistribution.put("x", null);

        assertThatThrownBy(() -> new ModuleDistributions(nullModule)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModuleDistributions(nullDistribution))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptSingleCharacterAndDottedDistributionNames() {
        ModuleDistributions distributions = new ModuleDistributions(Map.of("a", "b", "discord", "discord.py"));

        assertThat(distributions.distributionFor("a")).isEqualTo("b");
        assertThat(distributions.distributionFor("discord")).isEqualTo("discord.py");
    }

    @Test
    void shouldParseEntriesSkippingCommentsAndBlankLines() {
        // given
        String text = "# header\n\n  cv2 = opencv-python-headless  \n# another\nPIL=pillow\n";

        // when
        Map<String, String> table = ModuleDistributions.parse(text);

        // then
        assertThat(table).containsExactly(Map.entry("cv2", "opencv-python-headless"), Map.entry("PIL", "pillow"));
    }

    @Test
    void shouldRefuseALineWithoutEquals() {
        assertThatThrownBy(() -> ModuleDistributions.parse("# header\ncv2 opencv-python\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void shouldRefuseAModuleListedTwice() {
        String text = "cv2=opencv-python\nPIL=pillow\ncv2=opencv-python-headless\n";

        assertThatThrownBy(() -> ModuleDistributions.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("cv2");
    }
}
