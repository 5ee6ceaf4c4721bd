// flite (Debian flite1-dev): the in-process fallback voice.
#include <flite/flite.h>

// Voice registration functions are exported by the voice libraries but not declared in flite.h.
cst_voice *register_cmu_us_slt(const char *voxdir);
cst_voice *register_cmu_us_kal(const char *voxdir);
