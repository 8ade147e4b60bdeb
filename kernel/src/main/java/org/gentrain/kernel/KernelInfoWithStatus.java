package org.gentrain.kernel;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

/**
 * A kernel_info_reply with the {@code status} field that the messaging protocol (v5) requires of
 * every reply and jjava-jupyter's reply lacks.
 */
final class KernelInfoWithStatus extends KernelInfoReply {

    @SuppressWarnings("unused") // written to JSON by Gson
    private final String status = "ok";

    KernelInfoWithStatus(
            String protocolVersion,
            String implementation,
            String implementationVersion,
            LanguageInfo language,
            String banner,
            List<HelpLink> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, language, banner, helpLinks);
    }
}
