/* defines the wrong function: the STEG declares lonely_answer */
int lonely_question(void) { return 42; }
