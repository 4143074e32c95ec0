package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.grpc.GrpcServer;
import dev.codeinterp.api.grpc.v1.CodeInterpreterServiceGrpc;
import dev.codeinterp.api.grpc.v1.CodeInterpreterServiceGrpc.CodeInterpreterServiceBlockingStub;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolRequest;
import dev.codeinterp.api.grpc.v1.ExecuteCustomToolResponse;
import dev.codeinterp.api.grpc.v1.ExecuteRequest;
import dev.codeinterp.api.grpc.v1.ExecuteResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC service end to end: grpc-java client → api → Kafka → worker → bubblewrap sandbox → back. */
class GrpcApiIT {

    private final ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1",
            TestStack.get().apiBean(GrpcServer.class).port(), InsecureChannelCredentials.create()).build();

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private CodeInterpreterServiceBlockingStub stub() {
        return CodeInterpreterServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    @Test
    void shouldReturnExactStdoutWhenCodePrints() {
        ExecuteResponse response = stub().execute(ExecuteRequest.newBuilder().setExecutorId("grpc-print")
                .setSourceCode("print(21 * 2)").build());

        assertThat(response.getStdout()).isEqualTo("42\n");
        assertThat(response.getStderr()).isEmpty();
        assertThat(response.getExitCode()).isZero();
        assertThat(response.getFilesMap()).isEmpty();
    }

    @Test
    void shouldReturnAFileWrittenInOneRunAndReadItBackInTheNextByHash() {
        ExecuteResponse first = stub().execute(ExecuteRequest.newBuilder().setExecutorId("grpc-files")
                .setSourceCode("open('report.csv', 'w').write('a,b\\n1,2\\n')").build());
        String hash = first.getFilesMap().get("/workspace/report.csv");
        assertThat(hash).matches("[0-9a-f]{64}");

        ExecuteResponse second = stub().execute(ExecuteRequest.newBuilder().setExecutorId("grpc-files")
                .putFiles("/workspace/in/report.csv", hash)
                .setSourceCode("print(open('in/report.csv').read(), end='')").build());

        assertThat(second.getStdout()).isEqualTo("a,b\n1,2\n");
        assertThat(second.getFilesMap()).isEmpty();
    }

    @Test
    void shouldReturnTheExitCodeAndStderrWhenTheProgramFails() {
        ExecuteResponse response = stub().execute(ExecuteRequest.newBuilder().setExecutorId("grpc-fail")
                .setSourceCode("import sys\nprint('oops', file=sys.stderr)\nsys.exit(3)").build());

        assertThat(response.getExitCode()).isEqualTo(3);
        assertThat(response.getStderr()).isEqualTo("oops\n");
    }

    @Test
    void shouldAnswerTheToolsResultInTheSuccessMemberWhenTheToolRuns() {
        ExecuteCustomToolResponse response = stub().executeCustomTool(ExecuteCustomToolRequest.newBuilder()
                .setToolSourceCode("def add(a: int, b: int) -> int:\n    return a + b\n")
                .setToolInputJson("{\"a\": 40, \"b\": 2}").build());

        assertThat(response.getResponseCase()).isEqualTo(ExecuteCustomToolResponse.ResponseCase.SUCCESS);
        assertThat(response.getSuccess().getToolOutputJson()).isEqualTo("42");
    }

    @Test
    void shouldAnswerTheTracebackInTheErrorMemberWhenTheToolRaises() {
        ExecuteCustomToolResponse response = stub().executeCustomTool(ExecuteCustomToolRequest.newBuilder()
                .setExecutorId("grpc-tool").setToolSourceCode("def ratio(a: int, b: int) -> float:\n    return a / b\n")
                .setToolInputJson("{\"a\": 1, \"b\": 0}").build());

        assertThat(response.getResponseCase()).isEqualTo(ExecuteCustomToolResponse.ResponseCase.ERROR);
        assertThat(response.getError().getStderr()).contains("ZeroDivisionError");
    }
}
