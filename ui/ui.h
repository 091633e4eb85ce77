/*
 * ui: the ncurses interface, papyr with no command. Runs until the user
 * quits; returns an exit code (enum exit_code). The context is borrowed.
 */
#ifndef PAPYR_UI_H
#define PAPYR_UI_H

struct context;

int ui_main(struct context *ctx);

#endif
