// The .steg language: Rust item syntax for declaring a crate's types, traits, impls and functions.
// See docs/steg.md for the reference. Semantic checks (attributes, names, cycles) live in Java.
grammar Steg;

tokens { UNTERMINATED_COMMENT }

@lexer::members {
    /** Consumes the rest of a block comment whose opening has been matched; false if the input ends first. */
    private boolean restOfBlockComment() {
        int depth = 1;
        while (true) {
            int c = _input.LA(1);
            if (c == org.antlr.v4.runtime.IntStream.EOF) {
                return false;
            }
            int next = _input.LA(2);
            if (c == '/' && next == '*') {
                depth++;
                getInterpreter().consume(_input);
            } else if (c == '*' && next == '/') {
                depth--;
                getInterpreter().consume(_input);
            }
            getInterpreter().consume(_input);
            if (depth == 0) {
                return true;
            }
        }
    }
}


file        : header? crateAttribute* item* EOF ;
header      : CRATE ident version=(VERSION | INT) SEMI ;

item        : attribute* visibility? itemBody ;
itemBody    : structDecl | enumDecl | traitDecl | implDecl | fnDecl | aliasDecl | modDecl | useDecl ;

attribute   : HASH LBRACKET attrName=ident attrArgs? RBRACKET ;
crateAttribute : HASH BANG LBRACKET attrName=ident attrArgs? RBRACKET ;   // #![repr(strategy = "name")] after the header
attrArgs    : LPAREN (attrArg (COMMA attrArg)* COMMA?)? RPAREN   # attrList
            | EQ STRING                                          # attrValue
            ;
attrArg     : ident (LPAREN INT RPAREN | EQ (STRING | INT))? ;

visibility  : PUB (LPAREN CRATE RPAREN)? ;

generics    : LT (ident (COMMA ident)* COMMA?)? GT ;

structDecl  : STRUCT ident generics? ( LBRACE namedFields? RBRACE
                                     | LPAREN tupleFields? RPAREN SEMI
                                     | SEMI ) ;
namedFields : namedField (COMMA namedField)* COMMA? ;
namedField  : attribute* visibility? ident COLON type (EQ fieldDefault)? ;
fieldDefault: MINUS? INT | IDENT ;
tupleFields : tupleField (COMMA tupleField)* COMMA? ;
tupleField  : attribute* visibility? type ;

enumDecl    : ENUM ident generics? LBRACE (variant (COMMA variant)* COMMA?)? RBRACE ;
variant     : attribute* ident ( LBRACE namedFields? RBRACE | LPAREN tupleFields? RPAREN )? (EQ discriminant)? ;
discriminant: MINUS? INT ;

traitDecl   : TRAIT ident generics? supertraits? LBRACE traitMethod* RBRACE ;
supertraits : COLON path (PLUS path)* ;
traitMethod : attribute* FN ident generics? LPAREN (receiver (COMMA param)* | param (COMMA param)*)? COMMA? RPAREN
              retType? effects? (EQ DEFAULT LPAREN ident RPAREN)? SEMI ;
receiver    : AMP LIFETIME? MUT? SELF                 # refReceiver
            | MUT? SELF (COLON type)?                  # valueReceiver
            ;

implDecl    : IMPL generics? path FOR type LBRACE implMethod* RBRACE ;
implMethod  : attribute* FN ident EQ ident SEMI ;

fnDecl      : (EXTERN STRING?)? FN ident generics? LPAREN (param (COMMA param)* COMMA?)? RPAREN retType? effects? SEMI ;
param       : ident COLON type ;
retType     : ARROW type ;
effects     : EFFECTS LPAREN (ident (COMMA ident)* COMMA?)? RPAREN ;

aliasDecl   : TYPE ident generics? EQ type SEMI ;
modDecl     : MOD ident LBRACE item* RBRACE ;
useDecl     : USE path (AS ident)? SEMI ;

type        : LPAREN RPAREN                                        # unitType
            | LPAREN type RPAREN                                   # parenType
            | LPAREN type COMMA (type (COMMA type)* COMMA?)? RPAREN # tupleType
            | BANG                                                 # neverType
            | LBRACKET type SEMI INT RBRACKET                      # arrayType
            | LBRACKET type RBRACKET                               # sliceType
            | AMP LIFETIME? MUT? type                              # refType
            | ANDAND LIFETIME? MUT? type                           # refRefType
            | STAR (CONST | MUT) type                              # ptrType
            | (EXTERN STRING?)? FN LPAREN (fnTypeParam (COMMA fnTypeParam)* COMMA?)? RPAREN retType?  # fnType
            | DYN path                                             # dynType
            | SELF_TYPE                                            # selfType
            | path typeArgs?                                       # pathType
            ;
fnTypeParam : (ident COLON)? type ;
typeArgs    : LT (type (COMMA type)* COMMA?)? GT ;

path        : COLONCOLON? pathStart (COLONCOLON ident)* ;
pathStart   : ident | CRATE | SELF | SUPER ;
ident       : IDENT | EFFECTS | DEFAULT ;

// ---- lexer ----
CRATE   : 'crate' ;
PUB     : 'pub' ;
STRUCT  : 'struct' ;
ENUM    : 'enum' ;
TRAIT   : 'trait' ;
IMPL    : 'impl' ;
FOR     : 'for' ;
FN      : 'fn' ;
EXTERN  : 'extern' ;
TYPE    : 'type' ;
MOD     : 'mod' ;
USE     : 'use' ;
AS      : 'as' ;
SELF    : 'self' ;
SELF_TYPE : 'Self' ;
SUPER   : 'super' ;
MUT     : 'mut' ;
CONST   : 'const' ;
DYN     : 'dyn' ;
EFFECTS : 'effects' ;
DEFAULT : 'default' ;

VERSION : [0-9] [0-9A-Za-z_]* '.' [0-9A-Za-z.+-]* ;
INT     : [0-9] [0-9_]* | '0x' [0-9a-fA-F_]+ | '0o' [0-7_]+ | '0b' [01_]+ ;
IDENT   : [A-Za-z_] [A-Za-z0-9_]* ;
STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* -> channel(2) ;
LIFETIME: '\'' [A-Za-z_] [A-Za-z0-9_]* ;

COLONCOLON : '::' ;
ARROW   : '->' ;
ANDAND  : '&&' ;
HASH    : '#' ;
LBRACKET: '[' ;
RBRACKET: ']' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACE  : '{' ;
RBRACE  : '}' ;
LT      : '<' ;
GT      : '>' ;
COMMA   : ',' ;
SEMI    : ';' ;
COLON   : ':' ;
EQ      : '=' ;
AMP     : '&' ;
STAR    : '*' ;
BANG    : '!' ;
MINUS   : '-' ;
PLUS    : '+' ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
// A block comment nests, as in Rust. Matched by hand after its `/*` (restOfBlockComment, linear in its length):
// the recursive rule `'/*' (BLOCK_COMMENT | .)*? '*/'` took time growing much faster than the depth (minutes for
// 40,000 levels, seconds for 256). One that never closes becomes UNTERMINATED_COMMENT on the error channel.
BLOCK_COMMENT : '/*' { if (restOfBlockComment()) { skip(); } else { setType(StegParser.UNTERMINATED_COMMENT); setChannel(2); } } ;
WS      : [ \t\r\n\f]+ -> skip ;
BAD     : . -> channel(2) ;
