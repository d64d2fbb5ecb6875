package dev.mcppol.compiler.diff;

/** Where in a call a tested value is: the arguments, the token's claims, the session or the identity. */
enum Root { ARGS, CLAIMS, SESSION, IDENTITY }
