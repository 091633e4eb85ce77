/*
 * date: calendar days as YYYY-MM-DD strings, the form the API, the cache and
 * the query language all use, and the arithmetic on them.
 */
#ifndef PAPYR_BASE_DATE_H
#define PAPYR_BASE_DATE_H

/* True if s is a strictly valid YYYY-MM-DD calendar date. */
int date_valid(const char *s);
/* Day arithmetic on YYYY-MM-DD strings; out must hold 11 bytes. */
void date_add_days(const char *day, int delta, char out[11]);
/* Today in local time. */
void date_today(char out[11]);
/* Days from a to b (b - a). */
long date_diff(const char *a, const char *b);

#endif
