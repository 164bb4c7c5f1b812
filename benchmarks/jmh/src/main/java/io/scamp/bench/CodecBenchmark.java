package io.scamp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scamp.message.MessageHeader;
import io.scamp.wire.HeaderJson;
import io.scamp.wire.Packet;
import io.scamp.wire.PacketDecoder;
import io.scamp.wire.PacketEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** Packet decode and encode, and HEADER JSON read and write. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private MessageHeader header;
    private ByteBuf headerJson;
    private ByteBuf smallMessage;
    private ByteBuf bigData;
    private ByteBuffer body64;
    private ByteBuffer body128k;
    private EmbeddedChannel decoder;

    @Setup
    public void setUp() {
        header = MessageHeader.builder().type("request").action("Inventory.Item.fetch").version(1).envelope("json").requestId(12345).build();
        headerJson = Unpooled.directBuffer();
        HeaderJson.encode(header, headerJson);
        body64 = ByteBuffer.allocate(64);
        body128k = ByteBuffer.allocate(PacketEncoder.MAX_BODY);
        smallMessage = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(encodeSmall()));
        ByteBuf data = PacketEncoder.data(alloc, 1, body128k, PacketEncoder.MAX_BODY);
        bigData = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(data));
        data.release();
        decoder = new EmbeddedChannel(new PacketDecoder());
    }

    @TearDown
    public void tearDown() {
        decoder.finishAndReleaseAll();
        headerJson.release();
    }

    private ByteBuf encodeSmall() {
        ByteBuf out = alloc.buffer();
        ByteBuf h = PacketEncoder.header(alloc, 7, header);
        ByteBuf d = PacketEncoder.data(alloc, 7, body64, 64);
        ByteBuf e = PacketEncoder.eof(alloc, 7);
        out.writeBytes(h).writeBytes(d).writeBytes(e);
        h.release();
        d.release();
        e.release();
        return out;
    }

    @Benchmark
    public void encodeSmallMessage(Blackhole bh) {
        ByteBuf b = encodeSmall();
        bh.consume(b.readableBytes());
        b.release();
    }

    @Benchmark
    public void encode128KiBData(Blackhole bh) {
        ByteBuf b = PacketEncoder.data(alloc, 1, body128k, PacketEncoder.MAX_BODY);
        bh.consume(b.readableBytes());
        b.release();
    }

    @Benchmark
    public void decodeSmallMessage(Blackhole bh) {
        decode(smallMessage, bh);
    }

    @Benchmark
    public void decode128KiBData(Blackhole bh) {
        decode(bigData, bh);
    }

    private void decode(ByteBuf bytes, Blackhole bh) {
        decoder.writeInbound(bytes.duplicate());
        Packet p;
        while ((p = decoder.readInbound()) != null) {
            bh.consume(p.type());
            p.release();
        }
    }

    @Benchmark
    public MessageHeader headerJsonRead() {
        return HeaderJson.decode(headerJson);
    }

    @Benchmark
    public void headerJsonWrite(Blackhole bh) {
        ByteBuf out = alloc.buffer(256);
        HeaderJson.encode(header, out);
        bh.consume(out.readableBytes());
        out.release();
    }
}
