// Tokens of the mcppol policy language; see McpPolParser.g4.
lexer grammar McpPolLexer;

@members {
    /** True when only blanks precede the current token on its line: a statement keyword's place. */
    private boolean atLineStart() {
        for (int i = _tokenStartCharIndex - 1; i >= 0; i--) {
            int c = _input.getText(org.antlr.v4.runtime.misc.Interval.of(i, i)).charAt(0);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}

POLICY      : 'policy';
TOOLS       : 'tools';
TOOL        : 'tool' -> pushMode(NAME_MODE);
HIDE        : 'hide' -> pushMode(NAME_MODE);
// `prompt NAME {` reads a raw MCP name like `tool`; only as a statement (at the start of a line), so
// an argument may still be called `prompt`.
PROMPT      : 'prompt' {atLineStart()}? -> pushMode(NAME_MODE);
RESOURCE    : 'resource';
CLIENT      : 'client';
DEFAULT     : 'default';
ALLOW       : 'allow';
DENY        : 'deny';
ASK         : 'ask';
APPROVERS   : 'approvers';
APPROVE     : 'approve';
FOR         : 'for';
LIMIT       : 'limit';
PER         : 'per';
SUM         : 'sum';
SESSION     : 'session';
IDENTITY    : 'identity';
GLOBAL      : 'global';
REQUIRE     : 'require';
REQUIRED    : 'required';
VALIDATE    : 'validate';
AS          : 'as';
WHEN        : 'when';
REASON      : 'reason';
AND         : 'and';
OR          : 'or';
NOT         : 'not';
IN          : 'in';
MATCHES     : 'matches';
STARTS_WITH : 'startsWith';
ENDS_WITH   : 'endsWith';
UNDER       : 'under';
CONTAINS    : 'contains';
EXISTS      : 'exists';
LEN         : 'len';
TRUE        : 'true';
FALSE       : 'false';
NULL        : 'null';
ARGS        : 'args';
CLAIMS      : 'claims';

EQ     : '==';
NE     : '!=';
LE     : '<=';
GE     : '>=';
LT     : '<';
GT     : '>';
ASSIGN : '=';
LPAREN : '(';
RPAREN : ')';
LBRACK : '[';
RBRACK : ']';
LBRACE : '{';
RBRACE : '}';
COMMA  : ',';
DOT    : '.';
STAR   : '*';
MINUS  : '-';

DURATION : [0-9]+ ('ms' | 's' | 'm' | 'h' | 'd');
DECIMAL  : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)?;
INT      : [0-9]+;
ID       : [A-Za-z_] [A-Za-z0-9_]*;
STRING   : '"' (ESC | ~["\\\r\n])* '"';
REGEX    : '/' (~[/\\\r\n] | '\\' ~[\r\n])+ '/' [imsU]*;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN);
WS      : [ \t\r\n]+ -> skip;
ERROR_CHAR : . ;

fragment ESC : '\\' (["\\/bfnrt] | 'u' [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F]);

// One raw tool name (or several, comma-separated, after `hide`). A newline or `{` ends the mode.
mode NAME_MODE;
NAME_WS      : [ \t]+ -> skip;
NAME_STRING  : '"' (ESC | ~["\\\r\n])* '"';
NAME         : [A-Za-z0-9_.*?\-]+;
NAME_COMMA   : ',' [ \t\r\n]*;    // a list of names may go on after a comma on the next line
NAME_LBRACE  : '{' -> popMode;
NAME_END     : '\r'? '\n' -> skip, popMode;
NAME_COMMENT : '#' ~[\r\n]* -> channel(HIDDEN), popMode;
NAME_ERROR   : . ;
