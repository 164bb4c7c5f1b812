package io.scamp.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Holds back every flush until released, for a {@link ScriptedPeer}: writes stay queued in the
 * channel, as they do when the peer reads nothing and the kernel's buffers are full.
 */
public final class HeldFlushes extends ChannelOutboundHandlerAdapter {
    private volatile boolean held = true;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!held) {
            ctx.flush();
        }
    }

    /** Flushes what is queued, and every later flush goes through. */
    public void release() {
        held = false;
        ctx.flush();
    }
}
