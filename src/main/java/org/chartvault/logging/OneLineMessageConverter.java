package org.chartvault.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %oneLineMsg}: the formatted message with its line breaks and other control characters escaped. */
public final class OneLineMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.oneLine(super.convert(event));
    }
}
