"""The call-handler console: the same form, laid out for typing during a call."""
