package dev.codeinterp.api.grpc;

import dev.codeinterp.api.grpc.v1.CodeInterpreterServiceGrpc;
import dev.codeinterp.api.grpc.v1.CodeInterpreterServiceGrpc.CodeInterpreterServiceBlockingStub;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real grpc-java channels to a test's server, closed together at the end of the test. */
final class GrpcClients implements AutoCloseable {

    private final List<ManagedChannel> channels = new ArrayList<>();

    ManagedChannel plaintext(int port) {
        return channel(port, InsecureChannelCredentials.create());
    }

    ManagedChannel channel(int port, ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials).build();
        channels.add(channel);
        return channel;
    }

    /** A blocking stub on {@code channel} sending {@code headers} as metadata, with a 60 s deadline per call. */
    static CodeInterpreterServiceBlockingStub stub(ManagedChannel channel, Map<String, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        return CodeInterpreterServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static CodeInterpreterServiceBlockingStub stub(ManagedChannel channel) {
        return stub(channel, Map.of());
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
