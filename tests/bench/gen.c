/*
 * gen: a synthetic corpus in the shape of the Hugging Face daily_papers API,
 * for the benchmark (tests/bench/run.sh).
 *
 *     gen OUTDIR N [PER_FILE]
 *
 * Writes N papers as OUTDIR/corpus-000.json, corpus-001.json, ... (PER_FILE
 * entries each, default 50000), oldest day first, ending on 2026-07-17, and
 * prints the document frequency of the query words on stdout.
 *
 * Deterministic (fixed seed): the same N gives the same bytes. About 25
 * papers a weekday, unique arXiv-like ids (YYMM.NNNNN), titles and abstracts
 * drawn from a Zipf vocabulary (real words first, then made-up ones) plus a
 * few words placed with a fixed probability, so that `model` is in ~70% of
 * papers, `diffusion` in ~6%, `hypergraph` in ~0.4%. Some authors have
 * accented, Cyrillic or CJK names.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_s[4];

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rnd(void)
{
	uint64_t r = rotl(rng_s[1] * 5, 7) * 9, t = rng_s[1] << 17;
	rng_s[2] ^= rng_s[0];
	rng_s[3] ^= rng_s[1];
	rng_s[1] ^= rng_s[2];
	rng_s[0] ^= rng_s[3];
	rng_s[2] ^= t;
	rng_s[3] = rotl(rng_s[3], 45);
	return r;
}

static void seed(uint64_t x)
{
	for (int i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		uint64_t z = x;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		rng_s[i] = z ^ (z >> 31);
	}
}

static double unif(void)
{
	return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static int range(int lo, int hi) /* lo..hi inclusive */
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

static int chance(double p)
{
	return unif() < p;
}

/* ---- vocabulary ---- */

static const char *const stop[] = {
	"the", "of", "and", "to", "a", "in", "we", "for", "is", "that", "on", "with",
	"this", "by", "as", "our", "are", "from", "an", "which", "can", "be", "it",
	"these", "at", "such", "its", "or", "both", "while", "than", "across",
	"into", "more", "also", "not", "has", "have", "their", "through", "between",
	"without", "each", "only", "over", "how", "when", "under", "via", "using",
};

/* Real words, roughly most frequent first (the anchor words are not here). */
static const char *const real[] = {
	"learning", "data", "language", "models", "performance", "results",
	"training", "large", "method", "tasks", "approach", "based", "show",
	"propose", "framework", "existing", "new", "methods", "task", "demonstrate",
	"benchmark", "generation", "novel", "reasoning", "experiments", "time",
	"high", "multiple", "quality", "agents", "efficient", "neural", "network",
	"significantly", "information", "state", "image", "llms", "video",
	"effective", "introduce", "different", "inference", "two", "systems",
	"knowledge", "first", "learn", "level", "evaluation", "however", "improves",
	"achieves", "fine", "tuning", "work", "policy", "reinforcement", "visual",
	"text", "human", "complex", "datasets", "specific", "outperforms", "agent",
	"address", "accuracy", "recent", "provide", "challenging", "understanding",
	"attention", "process", "key", "general", "scale", "prior", "code",
	"prompt", "prompts", "representation", "representations", "features",
	"feature", "structure", "space", "latent", "domain", "robust", "robustness",
	"evaluate", "study", "analysis", "problem", "problems", "open", "source",
	"release", "available", "further", "capabilities", "ability", "baseline",
	"baselines", "improvement", "significant", "generalization", "alignment",
	"safety", "reward", "preference", "optimization", "gradient", "loss",
	"objective", "parameters", "memory", "computational", "cost", "efficiency",
	"speed", "latency", "multimodal", "vision", "audio", "speech", "retrieval",
	"search", "planning", "tool", "tools", "environment", "environments",
	"simulation", "robot", "robotic", "manipulation", "navigation", "control",
	"embodied", "scene", "object", "objects", "detection", "segmentation",
	"recognition", "classification", "regression", "prediction", "forecasting",
	"sequence", "sequences", "token", "tokens", "context", "window", "long",
	"short", "horizon", "step", "steps", "chain", "thought", "mathematical",
	"math", "problem-solving", "verification", "verifier", "feedback", "critic",
	"self", "supervised", "unsupervised", "contrastive", "pretraining",
	"pretrained", "instruction", "instructions", "following", "chat",
	"dialogue", "conversation", "question", "answering", "questions", "answers",
	"medical", "clinical", "biological", "protein", "molecular", "chemistry",
	"physics", "scientific", "discovery", "graph", "graphs", "node", "edge",
	"nodes", "temporal", "spatial", "geometry", "geometric", "3d", "point",
	"cloud", "mesh", "rendering", "reconstruction", "gaussian", "splatting",
	"radiance", "field", "fields", "camera", "pose", "motion", "dynamics",
	"physical", "world", "simulator", "synthetic", "real", "benchmarks",
	"metrics", "metric", "score", "scores", "human-level", "expert", "experts",
	"mixture", "sparse", "dense", "layer", "layers", "head", "heads",
	"architecture", "architectures", "convolutional", "recurrent", "linear",
	"nonlinear", "kernel", "kernels", "theory", "theoretical", "bound",
	"bounds", "convergence", "stochastic", "sampling", "sampler", "noise",
	"denoising", "score-based", "flow", "matching", "autoregressive",
	"decoder", "encoder", "embedding", "embeddings", "vector", "vectors",
	"similarity", "distance", "clustering", "compression", "pruning",
	"distillation", "student", "teacher", "curriculum", "scaling", "laws",
	"compute", "budget", "hardware", "gpu", "parallel", "distributed",
	"federated", "privacy", "attack", "attacks", "adversarial", "defense",
	"jailbreak", "harmful", "bias", "fairness", "ethical", "social", "cultural",
	"multilingual", "english", "chinese", "translation", "low-resource",
	"summarization", "documents", "document", "table", "tables", "chart",
	"charts", "ocr", "web", "browser", "software", "engineering", "repository",
	"bug", "bugs", "program", "programs", "synthesis", "formal", "proof",
	"theorem", "proving", "logic", "logical", "symbolic", "causal", "causality",
	"counterfactual", "uncertainty", "calibration", "confidence", "estimation",
	"bayesian", "probabilistic", "distribution", "distributions", "shift",
	"out-of-distribution", "in-context", "few-shot", "zero-shot", "transfer",
	"adaptation", "continual", "lifelong", "catastrophic", "forgetting",
	"editing", "unlearning", "interpretability", "mechanistic", "circuits",
	"neurons", "activation", "activations", "probing", "steering", "hidden",
	"states", "weights", "weight", "quantization", "precision", "bit", "low-rank",
	"adapter", "adapters", "lora", "efficiently", "scalable", "lightweight",
	"simple", "strong", "state-of-the-art", "competitive", "superior",
	"consistent", "consistently", "substantially", "notably", "importantly",
	"furthermore", "moreover", "finally", "specifically", "particular",
	"various", "diverse", "wide", "range", "variety", "comprehensive",
	"extensive", "systematic", "empirical", "empirically", "theoretically",
	"practical", "practice", "applications", "application", "downstream",
	"real-world", "deployment", "settings", "setting", "scenarios", "scenario",
	"cases", "case", "examples", "example", "instances", "samples", "sample",
	"annotations", "labels", "label", "labeled", "unlabeled", "weak",
	"supervision", "signals", "signal", "user", "users", "personalized",
	"recommendation", "ranking", "retrieval-augmented", "rag", "memory-augmented",
	"long-context", "hallucination", "hallucinations", "factual", "factuality",
	"truthfulness", "evaluation-time", "test-time", "inference-time", "decoding",
	"speculative", "beam", "greedy", "temperature", "entropy", "modality",
	"modalities", "modeling", "modular", "modules", "module", "moderate",
	"modern", "difference", "differences", "differentiable", "difficult",
	"difficulty", "hypothesis", "hyperparameters", "hyperbolic",
};

static const char *const first_names[] = {
	"Wei", "Yujun", "Kehan", "Etienne", "Rafal", "Michael", "Anna", "Maria",
	"David", "Sarah", "Hao", "Jie", "Xin", "Yi", "Li", "Jun", "Ming", "Chen",
	"Daniel", "Laura", "Thomas", "Julia", "Ahmed", "Fatima", "Priya", "Rahul",
	"Kenji", "Yuki", "Sofia", "Lucas", "Emma", "Noah", "Olivia", "Ethan",
	"José", "Zoë", "Łukasz", "Jürgen", "Søren", "François", "Çağlar", "Ólafur",
	"Małgorzata", "Nguyễn Văn", "Анна", "Дмитрий", "Renée", "Chloé", "Jiří",
};

static const char *const last_names[] = {
	"Zhou", "Guo", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang",
	"Zhao", "Wu", "Xu", "Sun", "Ma", "Smith", "Johnson", "Brown", "Garcia",
	"Miller", "Davis", "Martinez", "Lopez", "Kim", "Park", "Lee", "Nguyen",
	"Tanaka", "Suzuki", "Sato", "Singh", "Kumar", "Patel", "Müller", "Schmidt",
	"Dubois", "Rossi", "Kowalski", "Ivanov", "Petrović", "Kocielnik", "Casanova",
	"Alvarez", "Åström", "Nørgaard", "Öztürk", "Jiménez", "Сидоров", "Gómez",
};

static const char *const cjk_names[] = {
	"王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰",
	"吴芳", "田中太郎", "佐藤花子", "김민준", "이서연",
};

/* Words placed with a fixed probability per paper, and the stats kept. */
static const struct {
	const char *word;
	double p;
} anchors[] = {
	{"model", 0.70},       {"transformer", 0.12}, {"diffusion", 0.06},
	{"hypergraph", 0.004}, {"photonic", 0.0015},
};
#define NANCHORS ((int)(sizeof anchors / sizeof anchors[0]))

#define NSYNTH 40000
#define NSTOP ((int)(sizeof stop / sizeof stop[0]))
#define NREAL ((int)(sizeof real / sizeof real[0]))
#define NVOCAB (NREAL + NSYNTH)
#define ZIPF_BITS 22

static char *vocab[NVOCAB];
static int *zipf_table; /* a uniform index -> a vocabulary rank */

static const char *const syl[] = {
	"ka", "lo", "ve", "ri", "tan", "mor", "qui", "sel", "dra", "nex", "pol",
	"tri", "zen", "gal", "fer", "bi", "ot", "um", "ar", "is", "con", "pre",
	"lex", "syn", "vor", "mi", "ta", "ne", "ro", "cu", "phi", "sta", "gen",
};

static void build_vocab(void)
{
	int nsyl = (int)(sizeof syl / sizeof syl[0]);
	for (int i = 0; i < NREAL; i++)
		vocab[i] = (char *)real[i];
	for (int i = 0; i < NSYNTH; i++) {
		char w[64] = "";
		int n = 2 + (i % 3), x = i * 7919 + 13;
		for (int k = 0; k < n; k++) {
			strcat(w, syl[x % nsyl]);
			x = x / nsyl + k * 31 + i;
		}
		/* distinct: a suffix from the index keeps every made-up word apart */
		char full[80];
		snprintf(full, sizeof full, "%s%c%c", w, 'a' + i % 26, 'a' + (i / 26) % 26);
		vocab[NREAL + i] = strdup(full);
	}
	/* Zipf, s = 1.05: a quantised inverse CDF. */
	double *w = malloc(sizeof *w * NVOCAB), total = 0;
	for (int i = 0; i < NVOCAB; i++) {
		double r = i + 2.0;
		w[i] = 1.0 / (r * (1.0 + 0.05 * __builtin_log(r)));
		total += w[i];
	}
	size_t size = (size_t)1 << ZIPF_BITS;
	zipf_table = malloc(sizeof *zipf_table * size);
	double cdf = w[0] / total;
	int r = 0;
	for (size_t i = 0; i < size; i++) {
		double u = (i + 0.5) / (double)size;
		while (cdf < u && r < NVOCAB - 1)
			cdf += w[++r] / total;
		zipf_table[i] = r;
	}
	free(w);
}

static const char *zipf_word(void)
{
	return vocab[zipf_table[rnd() >> (64 - ZIPF_BITS)]];
}

/* ---- output ---- */

static FILE *out;
#define fputc fputc_unlocked
#define fputs fputs_unlocked

static void hex(int n)
{
	for (int i = 0; i < n; i++)
		fputc("0123456789abcdef"[rnd() & 15], out);
}

/* Days since 1970-01-01 <-> civil dates (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((long)yoe + era * 400 + (*m <= 2));
}

static int weekday(long z) /* 0 = Monday */
{
	return (int)(((z % 7) + 7 + 3) % 7);
}

/* Text made of sentences; anchors[] placed as chosen in `want`. */
static void words(int nwords, const int *want, int nwant, int capital)
{
	int placed[8] = {0};
	int sentence = 0;
	for (int i = 0; i < nwords; i++) {
		const char *w;
		int slot = -1;
		for (int a = 0; a < nwant; a++)
			if (!placed[a] && range(0, nwords - i - 1) == 0)
				slot = a;
		if (slot >= 0) {
			w = anchors[want[slot]].word;
			placed[slot] = 1;
		} else if (chance(0.42)) {
			w = stop[(int)(unif() * unif() * NSTOP)];
		} else {
			w = zipf_word();
		}
		if (i)
			fputs(sentence == 0 && capital > 1 ? ". " : " ", out);
		if ((i == 0 && capital) || (sentence == 0 && capital > 1)) {
			fputc(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], out);
			fputs(w + 1, out);
		} else {
			fputs(w, out);
		}
		if (++sentence >= 18 + (i % 7))
			sentence = 0;
	}
	if (capital > 1)
		fputc('.', out);
}

static long df[NANCHORS];

static void author(void)
{
	fputs("{\"_id\":\"", out);
	hex(24);
	fputs("\",\"name\":\"", out);
	if (chance(0.06))
		fputs(cjk_names[range(0, (int)(sizeof cjk_names / sizeof cjk_names[0]) - 1)],
		      out);
	else
		fprintf(out, "%s %s",
			first_names[range(0, (int)(sizeof first_names / sizeof first_names[0]) - 1)],
			last_names[range(0, (int)(sizeof last_names / sizeof last_names[0]) - 1)]);
	fprintf(out, "\",\"hidden\":%s}", chance(0.02) ? "true" : "false");
}

static void paper(const char *id, long day)
{
	int y, m, d, py, pm, pd;
	civil_from_days(day, &y, &m, &d);
	civil_from_days(day - range(0, 6), &py, &pm, &pd);

	int want_title[NANCHORS], want_abs[NANCHORS], nt = 0, na = 0;
	for (int a = 0; a < NANCHORS; a++) {
		if (!chance(anchors[a].p))
			continue;
		df[a]++;
		if (chance(0.3) && nt < 2)
			want_title[nt++] = a;
		else
			want_abs[na++] = a;
	}
	fprintf(out, "{\"paper\":{\"id\":\"%s\",\"authors\":[", id);
	int nauth = range(1, 6) + (chance(0.5) ? range(0, 6) : 0);
	for (int i = 0; i < nauth; i++) {
		if (i)
			fputc(',', out);
		author();
	}
	fprintf(out, "],\"publishedAt\":\"%04d-%02d-%02dT00:00:00.000Z\","
		"\"submittedOnDailyAt\":\"%04d-%02d-%02dT00:00:00.000Z\",\"title\":\"",
		py, pm, pd, y, m, d);
	long title_at = ftell(out);
	words(range(5, 14), want_title, nt, 1);
	(void)title_at;
	fputs("\",\"submittedOnDailyBy\":{\"_id\":\"", out);
	hex(24);
	fputs("\",\"fullname\":\"", out);
	fputs(first_names[range(0, 33)], out);
	fputs("\",\"type\":\"user\"},\"summary\":\"", out);
	int nw = range(120, 260);
	words(nw / 2, want_abs, na, 2);
	fputs(chance(0.2) ? "\\n" : " ", out);
	words(nw - nw / 2, NULL, 0, 2);
	/* Upvotes: log-normal, median ~6, ~5% above 50. */
	double z = 0;
	for (int i = 0; i < 12; i++)
		z += unif();
	z -= 6;
	double up = __builtin_exp(1.8 + 1.3 * z);
	fprintf(out, "\",\"upvotes\":%ld,\"discussionId\":\"", (long)up);
	hex(24);
	fputc('"', out);
	if (chance(0.75)) {
		fputs(",\"ai_summary\":\"", out);
		words(range(20, 40), NULL, 0, 2);
		fputs("\",\"ai_keywords\":[", out);
		int nk = range(4, 14);
		for (int i = 0; i < nk; i++) {
			fputs(i ? ",\"" : "\"", out);
			words(range(1, 3), NULL, 0, 0);
			fputc('"', out);
		}
		fputs("],\"ai_summary_model\":\"Qwen/Qwen2.5-Coder-32B-Instruct\"", out);
	}
	if (chance(0.45)) {
		fputs(",\"githubRepo\":\"https://github.com/", out);
		hex(8);
		fputc('/', out);
		fputs(zipf_word(), out);
		fprintf(out, "\",\"githubStars\":%d", (int)(__builtin_exp(unif() * 8)) - 1);
	}
	if (chance(0.3)) {
		fputs(",\"projectPage\":\"https://", out);
		hex(6);
		fputs(".github.io/\"", out);
	}
	fprintf(out, "},\"publishedAt\":\"%04d-%02d-%02dT20:00:00.000Z\","
		"\"thumbnail\":\"https://cdn-thumbnails.example/papers/%s.png\","
		"\"numComments\":%d,\"isAuthorParticipating\":%s}",
		py, pm, pd, id, chance(0.6) ? 0 : range(1, 12),
		chance(0.3) ? "true" : "false");
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen OUTDIR N [PER_FILE]\n");
		return 2;
	}
	const char *dir = argv[1];
	long n = atol(argv[2]), per = argc > 3 ? atol(argv[3]) : 50000;
	if (n <= 0 || per <= 0) {
		fprintf(stderr, "gen: N and PER_FILE must be positive\n");
		return 2;
	}
	seed(20260717);
	build_vocab();

	/* Walk back from the last day to find the first, ~25 a weekday. */
	long last = days_from_civil(2026, 7, 17), day = last, total = 0;
	long ndays = 0, cap = 1024;
	int *per_day = malloc(sizeof *per_day * (size_t)cap);
	while (total < n) {
		if (weekday(day) < 5) {
			int k = range(15, 35);
			if (k > n - total)
				k = (int)(n - total);
			if (ndays == cap)
				per_day = realloc(per_day, sizeof *per_day * (size_t)(cap *= 2));
			per_day[ndays++] = k;
			total += k;
		}
		day--;
	}
	long first = day + 1;

	/* ids: YYMM.NNNNN, numbered per YYMM across centuries, so unique. */
	static int counter[100 * 13];
	long written = 0, file_no = 0, in_file = 0, di = ndays - 1;
	char path[4096], id[32];
	out = NULL;
	for (day = first; day <= last && di >= 0; day++) {
		if (weekday(day) >= 5)
			continue;
		int y, m, d;
		civil_from_days(day, &y, &m, &d);
		for (int k = 0; k < per_day[di]; k++) {
			if (!out) {
				snprintf(path, sizeof path, "%s/corpus-%03ld.json", dir, file_no);
				out = fopen(path, "w");
				if (!out) {
					perror(path);
					return 1;
				}
				setvbuf(out, NULL, _IOFBF, 1 << 20);
				fputc('[', out);
			}
			int key = (y % 100) * 13 + m;
			snprintf(id, sizeof id, "%02d%02d.%05d", y % 100, m, ++counter[key]);
			if (in_file)
				fputc(',', out);
			paper(id, day);
			written++;
			if (++in_file == per || written == n) {
				fputs("]\n", out);
				if (fclose(out) != 0) {
					perror(path);
					return 1;
				}
				out = NULL;
				in_file = 0;
				file_no++;
			}
		}
		di--;
	}
	printf("papers\t%ld\nfiles\t%ld\nfirst_day\t", written, file_no);
	int y, m, d;
	civil_from_days(first, &y, &m, &d);
	printf("%04d-%02d-%02d\n", y, m, d);
	for (int a = 0; a < NANCHORS; a++)
		printf("df_%s\t%.4f\n", anchors[a].word, (double)df[a] / (double)written);
	free(per_day);
	return 0;
}
