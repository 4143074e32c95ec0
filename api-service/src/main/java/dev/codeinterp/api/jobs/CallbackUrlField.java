package dev.codeinterp.api.jobs;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.RequestFields;
import dev.codeinterp.common.callback.CallbackSettings;
import dev.codeinterp.common.callback.CallbackUrls;
import dev.codeinterp.common.callback.RefusedTargetException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The optional {@code callback_url} of a job submission ({@code callbackUrl} also accepted), checked by
 * {@link CallbackUrls}; a refused URL is a 400 whose detail names the field. {@code /v1/execute} never reads it.
 */
public final class CallbackUrlField {

    private final CallbackSettings settings;

    public CallbackUrlField(CallbackSettings settings) {
        this.settings = settings;
    }

    public Optional<String> read(JsonNode body) {
        return RequestFields.of(body).string("callback_url", "callbackUrl").map(url -> {
            try {
                return CallbackUrls.check(url, settings).toString();
            } catch (RefusedTargetException e) {
                throw ApiException.badRequest("Field 'callback_url' " + e.getMessage());
            }
        });
    }
}
