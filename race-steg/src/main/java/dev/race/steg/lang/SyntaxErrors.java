package dev.race.steg.lang;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Rewrites ANTLR's syntax errors into rustc's shape: "expected `;`, found `}`", with the caret at the
 * offending token. Messages name tokens by their text, never by grammar symbol names.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    /** More expected alternatives than this are summarised as "unexpected `x`". */
    private static final int MAX_LISTED = 6;

    @Override
    protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token t = recognizer.getCurrentToken();
        report(recognizer, t, getExpectedTokens(recognizer), null);
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token t = recognizer.getCurrentToken();
        report(recognizer, t, getExpectedTokens(recognizer), null);
    }

    private static void report(Parser recognizer, Token offending, IntervalSet expected, RecognitionException e) {
        String found = describe(offending);
        Set<String> names = expectedNames(expected, recognizer.getVocabulary());
        String msg;
        if (expected != null && expected.contains(StegLexer.AMP) && expected.contains(StegLexer.LBRACKET)
                && expected.contains(StegLexer.IDENT)) {
            msg = "expected a type, found " + found;
        } else if (names.isEmpty() || names.size() > MAX_LISTED) {
            msg = "unexpected " + found;
        } else if (names.size() == 1) {
            msg = "expected " + names.iterator().next() + ", found " + found;
        } else {
            msg = "expected one of " + String.join(", ", names) + ", found " + found;
        }
        recognizer.notifyErrorListeners(offending, msg, e);
    }

    private static Set<String> expectedNames(IntervalSet set, Vocabulary vocab) {
        Set<String> names = new LinkedHashSet<>();
        if (set == null) {
            return names;
        }
        boolean hasIdent = set.contains(StegLexer.IDENT);
        for (int t : set.toArray()) {
            if (hasIdent && (t == StegLexer.EFFECTS || t == StegLexer.DEFAULT)) {
                continue; // contextual keywords are identifiers here
            }
            names.add(tokenName(t, vocab));
        }
        return names;
    }

    private static String tokenName(int type, Vocabulary vocab) {
        switch (type) {
            case Token.EOF:
                return "end of file";
            case StegLexer.IDENT:
                return "identifier";
            case StegLexer.INT:
                return "integer";
            case StegLexer.STRING:
                return "string literal";
            case StegLexer.VERSION:
                return "version";
            case StegLexer.LIFETIME:
                return "lifetime";
            default:
                String lit = vocab.getLiteralName(type);
                if (lit != null && lit.length() >= 2) {
                    return "`" + lit.substring(1, lit.length() - 1) + "`";
                }
                return vocab.getDisplayName(type);
        }
    }

    static String describe(Token t) {
        if (t == null || t.getType() == Token.EOF) {
            return "end of file";
        }
        return "`" + t.getText() + "`";
    }

    /** Routes parser errors to a reporter; lexer errors are reported from the token stream instead. */
    static final class Listener extends BaseErrorListener {
        private final Reporter reporter;

        Listener(Reporter reporter) {
            this.reporter = reporter;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                                String msg, RecognitionException e) {
            reporter.error(new Ast.Pos(Math.max(1, line), charPositionInLine + 1), msg);
        }
    }
}
