#ifndef PAPYR_VERSION_H
#define PAPYR_VERSION_H
#define PAPYR_VERSION "0.1.0"
#endif
