package dev.codeinterp.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingListTest {

    @Test
    void shouldSplitCommaSeparatedTextAndTrimEntries() {
        assertThat(SettingList.parse(" 10.0.0.0/8 , ::1 ", "APP_X")).containsExactly("10.0.0.0/8", "::1");
    }

    @Test
    void shouldReadAJsonArrayOfStrings() {
        assertThat(SettingList.parse("[\"10.0.0.0/8\", \" ::1 \"]", "APP_X")).containsExactly("10.0.0.0/8", "::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]"})
    void shouldBeEmptyWhenNothingIsListed(String text) {
        assertThat(SettingList.parse(text, "APP_X")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,,b", "a,", "[\"a\", 1]", "[\"a\"", "[\"\"]", "[{}]"})
    void shouldFailNamingTheVariableWhenTheListIsMalformed(String text) {
        assertThatThrownBy(() -> SettingList.parse(text, "APP_X")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("APP_X");
    }
}
