// Parser for the message-template language; see TemplateLexer.g4.
parser grammar TemplateParser;

options { tokenVocab = TemplateLexer; }

message    : part* EOF ;
part       : text | keyword ;
text       : TEXT | HEX_ESCAPE | BAD_HEX_ESCAPE | BACKSLASH | NEWLINE ;
keyword    : OPEN KW_WS? name=KW_WORD (KW_WS param)* KW_WS? CLOSE ;
param      : key=KW_WORD (KW_EQ value?)? ;
value      : V_QUOTED | V_BARE ;
