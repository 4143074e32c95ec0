package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PythonJsonTest {

    @Test
    void shouldWriteLikePythonJsonDumps() throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("$schema", "http://json-schema.org/draft-07/schema#");
        document.put("text", "quote \" backslash \\ slash / tab \t newline \n bell \u0007 del \u007f caf\u00e9 "
                + "snowman \u2603 emoji \ud83d\ude00");
        document.put("numbers", Arrays.asList(0, -7, new BigInteger("123456789012345678901234567890"), 1.5, 1e100,
                1e-5, 0.0001, 1e16, 123456789.0, -2.5e-10, 3.0, 0.1));
        document.put("flags", Arrays.asList(true, false, null));
        document.put("nested", Map.of("empty", List.of(), "object", Map.of()));

        String expected = PythonReference.run("""
                import json, sys
                doc = json.load(sys.stdin)[0]
                print(json.dumps(json.dumps(doc)))""", List.of(document)).asString();

        assertThat(PythonJson.dumps(document)).isEqualTo(expected);
    }

    @Test
    void shouldWriteFloatsAsPythonRepr() throws Exception {
        List<Double> values = new ArrayList<>(List.of(1.0, 0.5, 1e22, 1e-7, 123.456, 5e-324, 1.7976931348623157e308,
                9999999999999998.0, 0.30000000000000004, -0.0, 2.5e15, 1.0E-4));
        JsonNode expected = PythonReference.run("import json, sys\nprint(json.dumps([repr(v) for v in "
                + "json.load(sys.stdin)]))", values);

        for (int i = 0; i < values.size(); i++) {
            assertThat(PythonJson.floatRepr(values.get(i))).isEqualTo(expected.get(i).asString());
        }
    }
}
