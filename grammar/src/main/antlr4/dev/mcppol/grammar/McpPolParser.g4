// The mcppol policy language.
//
// Tool names are MCP names ([A-Za-z0-9_.-], plus '*' and '?' as globs) and may equal a keyword, so
// after `tool` and `hide` the lexer switches to a mode that reads one raw name (or a quoted one)
// instead of keywords. Everywhere else keywords are soft: an argument may be called `limit`.
parser grammar McpPolParser;

options { tokenVocab = McpPolLexer; }

policy
    : statement* EOF
    ;

statement
    : POLICY name=ident                                   # policyName
    | TOOLS STRING                                        # toolsFile
    | CLAIMS STRING                                       # claimsFile
    | DEFAULT effect=(ALLOW | DENY)                       # defaultEffect
    | LIMIT name=ident ASSIGN limitSpec                   # limitDefinition
    | HIDE toolName (NAME_COMMA toolName)*                # hideStatement
    | TOOL toolName (NAME_COMMA toolName)* (NAME_LBRACE | LBRACE) toolItem* RBRACE   # toolBlock
    // Requests other than tools/call (docs/DESIGN.md, "Every MCP method"): same items as a tool block.
    | RESOURCE STRING LBRACE toolItem* RBRACE             # resourceBlock
    | PROMPT toolName (NAME_LBRACE | LBRACE) toolItem* RBRACE # promptBlock
    | CLIENT kind=kindWord LBRACE toolItem* RBRACE        # clientBlock
    | DEFAULT kind=kindWord effect=(ALLOW | DENY)         # methodDefault
    | HIDE kind=NAME toolName (NAME_COMMA toolName)*      # hideMethodStatement
    ;

// A kind of request (`resources`, `sampling`, …); checked by the front end, which names the known ones.
kindWord
    : ID | RESOURCE | CLIENT | TOOLS
    ;

toolName
    : NAME
    | NAME_STRING
    ;

toolItem
    : REQUIRE path (COMMA path)* reasonClause?            # requireItem
    | VALIDATE REQUIRED? reasonClause?                    # validateItem
    | LIMIT limitUse (AS ruleId=ruleName)? reasonClause?  # toolLimitItem
    | effect=(ALLOW | DENY | ASK) (AS ruleId=ruleName)? ruleClause*   # ruleItem
    ;

ruleClause
    : WHEN condition                                      # whenClause
    | LIMIT limitUse                                      # limitClause
    | reasonClause                                        # reasonOnly
    | APPROVERS STRING (COMMA STRING)*                    # approversClause
    | APPROVE FOR DURATION                                # approveForClause
    ;

reasonClause
    : REASON STRING
    ;

// A rule id: an identifier, or any text quoted (imported rules keep their names, spaces and all).
ruleName
    : ident
    | STRING
    ;

// `limit exec` refers to a named counter; `limit 10 per 1m` is an anonymous one of this tool.
limitUse
    : ident                                               # namedLimit
    | limitSpec                                           # inlineLimit
    ;

limitSpec
    : INT PER DURATION scopeClause?                                   # countLimit
    | SUM LPAREN path RPAREN LE number PER DURATION scopeClause?       # sumLimit
    ;

// `per claims.tenant`: one counter per value of a verified token claim.
scopeClause
    : PER scope=(SESSION | IDENTITY | GLOBAL)
    | PER claimPath=path
    ;

condition
    : NOT condition                                       # notCondition
    | condition AND condition                             # andCondition
    | condition OR condition                              # orCondition
    | LPAREN condition RPAREN                             # parenCondition
    | operand op=(EQ | NE | LT | LE | GT | GE) literal    # compareCondition
    | literal op=(EQ | NE | LT | LE | GT | GE) operand    # reversedCompareCondition
    | operand NOT? IN LBRACK (literal (COMMA literal)*)? RBRACK   # inCondition
    | operand MATCHES REGEX                               # matchesCondition
    | operand STARTS_WITH STRING                          # startsWithCondition
    | operand ENDS_WITH STRING                            # endsWithCondition
    | operand UNDER STRING                                # underCondition
    | operand CONTAINS literal                            # containsCondition
    | operand EXISTS                                      # existsCondition
    ;

operand
    : SESSION                                             # sessionOperand
    | IDENTITY                                            # identityOperand
    | LEN LPAREN path RPAREN                              # lenOperand
    | path                                                # pathOperand
    ;

path
    : head=ident segment*
    ;

segment
    : DOT keyName                                         # keySegment
    | LBRACK STRING RBRACK                                # quotedKeySegment
    | LBRACK INT RBRACK                                   # indexSegment
    | LBRACK STAR RBRACK                                  # anySegment
    ;

literal
    : STRING                                              # stringLiteral
    | number                                              # numberLiteral
    | TRUE                                                # trueLiteral
    | FALSE                                               # falseLiteral
    | NULL                                                # nullLiteral
    | LBRACK (literal (COMMA literal)*)? RBRACK           # listLiteral
    ;

number
    : MINUS? (INT | DECIMAL)
    ;

// After a dot every word is a key: `args.session` is the argument, bare `session` the context.
keyName
    : ident | SESSION | IDENTITY | LEN | AND | OR | NOT | TRUE | FALSE | NULL
    ;

// Soft keywords: a keyword can name an argument, the operators' own words (`matches`, `in`, `under`, ...)
// included; only `session`, `identity`, `len`, `and`, `or`, `not`, `true`, `false`, `null` and the words
// that switch the lexer's mode (`tool`, `prompt`) cannot. A new keyword token is added here too, or
// policies that use its word as an argument name stop parsing.
ident
    : ID | POLICY | TOOLS | DEFAULT | ALLOW | DENY | ASK | APPROVERS | APPROVE | FOR | LIMIT | PER | SUM | GLOBAL | HIDE
    | REQUIRE | REQUIRED | VALIDATE | AS | WHEN | REASON | MATCHES | STARTS_WITH | ENDS_WITH
    | CONTAINS | EXISTS | IN | ARGS | CLAIMS | RESOURCE | CLIENT | UNDER
    ;

