"""Steps that complete the built site once both languages are written (hooks.POST_BUILD_STEPS lists their order)."""
