/* marks: a paper's state as letters (see marks.h). */
#include "marks.h"

#include "../db/db.h"

void marks_format(unsigned flags, char fill, char out[MARKS_LEN + 1])
{
	out[0] = flags & DB_READ ? fill : 'u';
	out[1] = flags & DB_STARRED ? '*' : fill;
	out[2] = flags & DB_DISMISSED ? 'd' : flags & DB_UPDATED ? 'U' : flags & DB_NEW ? 'N'
										      : fill;
	out[3] = flags & DB_NOTED ? 'n' : fill;
	out[4] = '\0';
}
