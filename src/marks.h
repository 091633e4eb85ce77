/*
 * marks: the letters that show a paper's state at a glance, one home for
 * `papyr list` and the interface's list, so that both speak alike.
 */
#ifndef PAPYR_MARKS_H
#define PAPYR_MARKS_H

enum { MARKS_LEN = 4 };

/*
 * Writes the marks of flags (db.h's DB_READ, DB_STARRED, DB_DISMISSED,
 * DB_UPDATED, DB_NEW, DB_NOTED), in this order: u unread, * starred, d
 * dismissed (else U updated, is:updated, else N new, is:new), n noted; fill where a state is not set. out gets MARKS_LEN
 * characters and a NUL.
 */
void marks_format(unsigned flags, char fill, char out[MARKS_LEN + 1]);

#endif
