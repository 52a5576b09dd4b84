int broken_answer(void) { return 42; }
