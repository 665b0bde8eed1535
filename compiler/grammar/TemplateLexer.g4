// The message-template language of SIPp scenarios: literal text with
// [keyword], [keyword+N], [$var], [fieldN file=... line=...], [last_Header:],
// [authentication username=... password=...] and so on. Parameter values may be
// quoted; a quoted value is itself a template (SIPp expands [field0 line="[$n]"]).
//
// The input is the cleaned CDATA (or attribute value) as bytes, one code point
// per byte, so token indices are byte offsets into the scenario file.
lexer grammar TemplateLexer;

HEX_ESCAPE     : '\\x' HEX HEX? ;
BAD_HEX_ESCAPE : '\\x' ;
BACKSLASH      : '\\' ;
NEWLINE        : '\n' ;
TEXT           : ~[[\\\n]+ ;
OPEN           : '[' -> pushMode(KEYWORD) ;

fragment HEX   : [0-9a-fA-F] ;

mode KEYWORD;
CLOSE          : ']' -> popMode ;
KW_WS          : [ \t]+ ;
KW_WORD        : ~[ \t\]"=[\n]+ ;
KW_EQ          : '=' -> pushMode(VALUE) ;
KW_NEWLINE     : '\n' ;
KW_OPEN        : '[' ;
KW_BAD_QUOTE   : '"' ;

mode VALUE;
V_QUOTED       : '"' ( '\\' ~[\n] | ~["\\\n] )* '"' -> popMode ;
V_BARE         : ~[ \t\]"\n[]+ -> popMode ;
V_WS           : [ \t]+ -> type(KW_WS), popMode ;
V_CLOSE        : ']' -> type(CLOSE), mode(DEFAULT_MODE) ;
V_NEWLINE      : '\n' -> type(KW_NEWLINE), popMode ;
V_OPEN         : '[' -> type(KW_OPEN), popMode ;
V_BAD_QUOTE    : '"' -> type(KW_BAD_QUOTE), popMode ;
