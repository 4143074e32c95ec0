package dev.codeinterp.api.grpc;

import dev.codeinterp.api.access.AccessPolicy;
import dev.codeinterp.api.web.ApiException;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the {@link AccessPolicy} of the HTTP API before any gRPC method: {@code authorization: Bearer <key>} metadata
 * for {@code APP_API_KEYS} (UNAUTHENTICATED), then the spawn restriction (PERMISSION_DENIED) with the TCP peer,
 * {@code x-forwarded-for} metadata (believed from {@code APP_TRUSTED_PROXIES} only) and the {@code :authority} as the
 * {@code Host}. Every method of the service starts work, so every one is restricted.
 */
final class GrpcAccessInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> FORWARDED_FOR =
            Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER);

    private final AccessPolicy policy;

    GrpcAccessInterceptor(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        Iterable<String> forwarded = headers.getAll(FORWARDED_FOR);
        List<String> forwardedFor = new ArrayList<>();
        if (forwarded != null) {
            forwarded.forEach(forwardedFor::add);
        }
        Optional<ApiException> refused = policy.refusal("gRPC " + method, method, headers.get(AUTHORIZATION),
                remote instanceof InetSocketAddress peer ? peer : null, forwardedFor, call.getAuthority());
        if (refused.isPresent()) {
            var status = GrpcStatuses.of(refused.get());
            call.close(status.getStatus(), status.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
