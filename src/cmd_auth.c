/*
 * auth: a platform's first tokens, from a person who authorizes almanac
 * in a browser (OAuth 2's authorization code grant): the authorization
 * URL printed, the redirect received on the loopback address
 * (auth_listen.h) or pasted on standard input, the code traded at the
 * platform's token endpoint, and the tokens kept in the token store. The
 * platform's parts are its entry's authorize, exchange and grant_parse
 * hooks (platforms.h); the rest is auth.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "auth_listen.h"
#include "commands.h"
#include "credentials.h"
#include "http.h"
#include "log.h"
#include "redact.h"
#include "renew.h"
#include "tokens.h"
#include "xalloc.h"

#define AUTH_PORT	8976	/* the default port of the redirect URI */
#define AUTH_TIMEOUT	300	/* seconds to wait for the redirect */
#define AUTH_TIMEOUT_MAX 3600

static int auth_exec(struct app *, const struct cmd *);

static const struct option auth_options[] = {
	{ "port", required_argument, NULL, 'p' },
	{ "timeout", required_argument, NULL, 't' },
	{ "no-browser", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

#define STR(x) #x
#define XSTR(x) STR(x)

const struct cmd_entry cmd_auth_entry = {
	.name = "auth",
	.usage = "PLATFORM [--port N] [--timeout SECONDS] [--no-browser]",
	.summary = "get a platform's tokens by authorizing almanac in a "
	    "browser",
	.help =
	    "  --port N        the redirect URI's port: almanac listens on "
	    "127.0.0.1:N\n"
	    "                  (default " XSTR(AUTH_PORT) "); the platform's "
	    "app must have\n"
	    "                  http://127.0.0.1:N/callback as a redirect URI\n"
	    "  --timeout S     wait at most S seconds for the redirect "
	    "(default " XSTR(AUTH_TIMEOUT) ")\n"
	    "  --no-browser    listen on nothing: paste the address the "
	    "browser was sent\n"
	    "                  to on standard input (a server without a "
	    "browser)\n"
	    "Prints the platform's authorization URL. Open it, sign in and "
	    "authorize\nalmanac: the platform sends the browser to the "
	    "redirect URI, almanac trades\nthe code for tokens and keeps them "
	    "in state_dir/tokens.db, where publish\nrenews them. client_id "
	    "and client_secret come from the platform's group in\nthe "
	    "credentials file. A redirect with another state is refused and "
	    "the wait\ngoes on. Exit 0 when the tokens are kept; 1 when "
	    "authorization or the code\nwas refused; 65 when the pasted "
	    "address is not a redirect; 73 when the\ntoken store cannot be "
	    "written; 75 when no redirect came in time, the port\nis in use "
	    "or the token endpoint did not answer; 78 when the credentials\n"
	    "lack the client's id or secret, or almanac cannot authorize that "
	    "platform.\n",
	.longopts = auth_options,
	.max_operands = 1,
	.exec = auth_exec,
};

/* One authorization in progress. */
struct flow {
	const struct adapter *a;
	struct adapter_ctx ctx;
	struct credentials cr;
	struct tokens tokens;
	struct redact secrets;
	struct auth_params p;
	char state[AUTH_RANDOM_SIZE];
	char verifier[AUTH_RANDOM_SIZE];
	char challenge[AUTH_RANDOM_SIZE];
	char *redirect;
	/* what the redirect said */
	char *code;
	char *why;
	enum auth_verdict verdict;
	/* what the token endpoint granted */
	struct token_grant g;
	bool answered;
};

/* The platforms whose entry can authorize, ", " between. Allocated. */
static char *
auth_platforms(void)
{
	struct buf b = BUF_INIT;
	const struct adapter *a;
	size_t i;

	for (i = 0; (a = adapter_get(i)) != NULL; i++)
		if (a->authorize != NULL && a->exchange != NULL &&
		    a->grant_parse != NULL)
			buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", a->name);
	return buf_detach(&b);
}

/* The credentials and the token store, as publish loads them. An exit
 * code. */
static int
load(const struct app *app, struct flow *f)
{
	struct diags d = DIAGS_INIT;
	char *err = NULL;

	if (app->cfg.credentials == NULL &&
	    getenv("CREDENTIALS_DIRECTORY") == NULL) {
		log_msg(LOG_ERROR, "no credentials: set \"credentials\" in %s "
		    "or run under systemd with LoadCredential=almanac:FILE; "
		    "%s.client_id and %s.client_secret come from it",
		    app->config_path, f->a->name, f->a->name);
		return EXIT_CONFIG;
	}
	if (credentials_load(app->cfg.credentials, &f->cr, &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		return EXIT_CONFIG;
	}
	log_diags(&d);
	diags_free(&d);
	if (tokens_load(app->cfg.state_dir, &f->tokens, &err) == -1) {
		log_msg(LOG_ERROR, "%s", err);
		free(err);
		return EXIT_CANTCREAT;
	}
	return EXIT_OK;
}

/* The state, the PKCE pair and the redirect URI. */
static int
params(struct flow *f, int port)
{
	char *err = NULL;

	if (auth_random(f->state, &err) == -1 || (f->a->auth_pkce &&
	    (auth_random(f->verifier, &err) == -1 ||
	    auth_challenge(f->verifier, f->challenge) == -1))) {
		log_msg(LOG_ERROR, "%s", err != NULL ? err :
		    "the PKCE challenge could not be computed");
		free(err);
		return EXIT_SOFTWARE;
	}
	f->redirect = auth_redirect_uri(port);
	f->p.redirect_uri = f->redirect;
	f->p.state = f->state;
	f->p.code_verifier = f->a->auth_pkce ? f->verifier : NULL;
	f->p.code_challenge = f->a->auth_pkce ? f->challenge : NULL;
	redact_add(&f->secrets, f->verifier);
	return EXIT_OK;
}

/* The listener's judge: a redirect of ours ends the wait. */
static bool
judge(const char *target, void *arg, struct auth_page *pg)
{
	struct flow *f = arg;
	char *code, *why;
	enum auth_verdict v = auth_judge(target, f->state, &code, &why);

	switch (v) {
	case AUTH_BAD:
		log_msg(LOG_WARNING, "ignored a request to %s: %s", AUTH_PATH,
		    why);
		pg->status = 400;
		pg->text = "almanac: this is not a redirect of the "
		    "authorization almanac is waiting for.\n";
		free(why);
		return false;
	case AUTH_WRONG_STATE:
		log_msg(LOG_WARNING, "refused a redirect to %s: %s (an "
		    "earlier authorization, or not one almanac asked for); "
		    "still waiting", AUTH_PATH, why);
		pg->status = 400;
		pg->text = "almanac: refused: this redirect is not of the "
		    "authorization almanac is waiting for (another state).\n"
		    "Open the address almanac printed last.\n";
		free(why);
		return false;
	case AUTH_CODE:
		pg->status = 200;
		pg->text = "almanac: authorized. almanac is getting the "
		    "tokens: the terminal says when they are kept.\nYou may "
		    "close this page.\n";
		break;
	case AUTH_DENIED:
	case AUTH_ERROR:
		pg->status = 200;
		pg->text = "almanac: not authorized: the platform said no. "
		    "The terminal says why.\nYou may close this page.\n";
		break;
	}
	f->verdict = v;
	f->code = code;
	f->why = why;
	return true;
}

/* The redirect: received on the loopback address, or pasted. An exit
 * code; f->code is set on EXIT_OK. */
static int
receive(struct flow *f, int fd, bool paste, int timeout)
{
	char *err = NULL, *line = NULL, wait[32];
	int rc;

	if (!paste) {
		rc = auth_serve(fd, (long long)timeout * 1000, AUTH_PATH, judge,
		    f, &err);
		if (rc == -1) {
			log_msg(LOG_ERROR, "%s", err);
			free(err);
			return EXIT_TEMPFAIL;
		}
		if (rc == 0) {
			date_duration(timeout, wait, sizeof(wait));
			log_msg(LOG_ERROR, "no redirect to %s came within %s: "
			    "nothing was kept; run almanac auth %s again (and "
			    "--timeout for longer)", f->redirect, wait,
			    f->a->name);
			return EXIT_TEMPFAIL;
		}
	} else {
		rc = auth_read_line(STDIN_FILENO, (long long)timeout * 1000,
		    AUTH_REQUEST_MAX, &line, &err);
		if (rc == -2 || rc == 0) {
			log_msg(LOG_ERROR, "%s: expected the address the "
			    "browser was sent to, %s?code=...&state=...; "
			    "nothing was kept", rc == 0 ? "standard input "
			    "ended before a line came" : "no line came on "
			    "standard input in time (--timeout)", f->redirect);
			return rc == 0 ? EXIT_DATAERR : EXIT_TEMPFAIL;
		}
		if (rc == -1) {
			log_msg(LOG_ERROR, "%s", err);
			free(err);
			return EXIT_DATAERR;
		}
		f->verdict = auth_judge(line, f->state, &f->code, &f->why);
		explicit_bzero(line, strlen(line));
		free(line);
	}
	switch (f->verdict) {
	case AUTH_CODE:
		redact_add(&f->secrets, f->code);
		return EXIT_OK;
	case AUTH_BAD:
		log_msg(LOG_ERROR, "the address on standard input is not a "
		    "redirect of the authorization: %s", f->why);
		return EXIT_DATAERR;
	case AUTH_WRONG_STATE:
		log_msg(LOG_ERROR, "refused the redirect: %s (an earlier "
		    "authorization, or not one almanac asked for); nothing was "
		    "sent to %s: run almanac auth %s again and paste the "
		    "address of that one", f->why, f->a->name, f->a->name);
		return EXIT_FAIL;
	case AUTH_DENIED:
		log_msg(LOG_ERROR, "%s was not authorized: the authorization "
		    "was refused at the platform (%s); nothing was kept",
		    f->a->name, f->why);
		return EXIT_FAIL;
	case AUTH_ERROR:
		log_msg(LOG_ERROR, "%s answered the authorization with an "
		    "error (%s); nothing was kept", f->a->name, f->why);
		return EXIT_FAIL;
	}
	return EXIT_SOFTWARE;
}

/* The token endpoint's answer. */
static void
on_token(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct flow *f = arg;

	(void)e;
	(void)req;
	f->a->grant_parse(&f->ctx, resp, &f->g);
	f->answered = true;
}

/* Sends the first request of rl, which the entry's hook has just built
 * (built 0), or could not (-1: *err says why), and reads its answer into
 * f->g (grant_parse, with ctx->auth_code set to auth_code); rl is freed.
 * An exit code: EXIT_OK when the answer granted tokens, else what went
 * wrong is logged. */
static int
token_request(const struct app *app, struct flow *f, int built,
    char **builderr, struct request_list *rl, bool auth_code)
{
	struct http_engine *e = NULL;
	char *err = NULL;

	if (built == -1) {
		log_msg(LOG_ERROR, "%s", *builderr);
		free(*builderr);
		*builderr = NULL;
		return EXIT_CONFIG;
	}
	f->ctx.auth_code = auth_code;
	token_grant_free(&f->g);
	f->answered = false;
	if (http_engine_new(&app->cfg.http, &e, &err) == 0) {
		http_engine_add(e, &rl->v[0], 0, on_token, f);
		if (http_engine_run(e, &err) == 0 && !f->answered)
			err = xstrdup("no answer");
	}
	http_engine_free(e);
	request_list_free(rl);
	if (err != NULL) {
		redact_replace(&f->secrets, &err);
		log_msg(LOG_ERROR, "%s's token endpoint: %s; nothing was kept: "
		    "run almanac auth %s again", f->a->name, err, f->a->name);
		free(err);
		return EXIT_TEMPFAIL;
	}
	redact_add(&f->secrets, f->g.access_token);
	redact_add(&f->secrets, f->g.refresh_token);
	redact_replace(&f->secrets, &f->g.error);
	if (f->g.state == GRANT_REFUSED) {
		/* the code, or (exchange_next) what it had just granted */
		char *check = f->ctx.auth_code ? xasprintf(" (a code is good "
		    "once and for minutes), and check that %s.client_id and "
		    "client_secret are the app's and that it has %s as a "
		    "redirect URI", f->a->name, f->redirect) : xasprintf(", and "
		    "check that %s.client_secret is the app's", f->a->name);

		log_msg(LOG_ERROR, "%s%s; nothing was kept: run almanac auth %s "
		    "again%s", f->g.error, f->ctx.auth_code ? "" : ", which "
		    "the code had just granted", f->a->name, check);
		free(check);
		return EXIT_FAIL;
	}
	if (f->g.state != GRANT_OK) {
		log_msg(LOG_ERROR, "%s; nothing was kept: run almanac auth %s "
		    "again", f->g.error, f->a->name);
		return EXIT_TEMPFAIL;
	}
	return EXIT_OK;
}

/* The code traded for tokens (and those for the tokens kept, where the
 * entry has an exchange_next), and those kept. An exit code. */
static int
exchange(const struct app *app, struct flow *f)
{
	struct request_list rl = { NULL, 0 };
	const struct token *k;
	const char *given, *from = adapter_renew_from(f->a);
	char *err = NULL, *path, until[64], runtil[64];
	char seed[ADAPTER_SEED_SIZE];
	int rc;

	rc = token_request(app, f, f->a->exchange(&f->ctx, &f->p, f->code,
	    &rl, &err), &err, &rl, true);
	if (rc == EXIT_OK && f->a->exchange_next != NULL)
		rc = token_request(app, f, f->a->exchange_next(&f->ctx, &f->g,
		    &rl, &err), &err, &rl, false);
	if (rc != EXIT_OK)
		return rc;
	/* The tokens count as current from now on, while the credentials
	 * file keeps the refresh token it has (or has none); another one put
	 * there later is a new start, which wins (adapter_store_current). */
	given = adapter_cred_file(&f->cr, f->a, from);
	if (given != NULL)
		adapter_seed(given, seed);
	else
		seed[0] = '\0';
	if (renew_save(app->cfg.state_dir, &f->tokens, f->a, &f->g, seed,
	    (long long)app->now, &err) == -1) {
		log_msg(LOG_ERROR, "%s: the tokens could not be kept: %s; run "
		    "almanac auth %s again once it can be written",
		    f->a->name, err, f->a->name);
		free(err);
		return EXIT_CANTCREAT;
	}
	renew_until(tokens_get(&f->tokens, f->a->name, "access_token")->
	    expires_at, (long long)app->now, until, sizeof(until));
	k = tokens_get(&f->tokens, f->a->name, "refresh_token");
	renew_until(k != NULL ? k->expires_at : 0, (long long)app->now,
	    runtil, sizeof(runtil));
	path = tokens_path(app->cfg.state_dir);
	if (strcmp(from, "access_token") == 0)
		printf("%s authorized: the access token is good until %s and "
		    "renews itself; kept in %s\n", f->a->name, until, path);
	else
		printf("%s authorized: the access token is good until %s, the "
		    "refresh token until %s; kept in %s\n", f->a->name, until,
		    k != NULL ? runtil : "(none given)", path);
	free(path);
	if (given != NULL)
		log_msg(LOG_INFO, "%s.%s in the credentials file is left aside "
		    "from now on; put another one there and the next run "
		    "starts from it instead", f->a->name, from);
	return EXIT_OK;
}

static void
flow_free(struct flow *f)
{
	credentials_free(&f->cr);
	tokens_free(&f->tokens);
	redact_free(&f->secrets);
	token_grant_free(&f->g);
	if (f->code != NULL)
		explicit_bzero(f->code, strlen(f->code));
	free(f->code);
	free(f->why);
	free(f->redirect);
	explicit_bzero(f->state, sizeof(f->state));
	explicit_bzero(f->verifier, sizeof(f->verifier));
}

/* The options into *port, *timeout, *paste. An exit code. */
static int
options(const struct cmd *cmd, int *port, int *timeout, bool *paste)
{
	size_t i;

	for (i = 0; i < cmd->nopts; i++) {
		switch (cmd->opts[i].id) {
		case 'p':
			if (!parse_count_arg("--port", cmd->opts[i].value,
			    65535, port))
				return EXIT_USAGE;
			break;
		case 't':
			if (!parse_count_arg("--timeout", cmd->opts[i].value,
			    AUTH_TIMEOUT_MAX, timeout))
				return EXIT_USAGE;
			break;
		case 'n':
			*paste = true;
			break;
		}
	}
	return EXIT_OK;
}

static int
auth_exec(struct app *app, const struct cmd *cmd)
{
	struct flow f;
	struct request_list probe = { NULL, 0 };
	unsigned mask = 0;
	char *names, *err = NULL, *url = NULL, wait[32];
	int port = AUTH_PORT, timeout = AUTH_TIMEOUT, fd = -1, rc, pf;
	bool paste = false;

	memset(&f, 0, sizeof(f));
	names = auth_platforms();
	if (cmd->noperands != 1) {
		log_msg(LOG_ERROR, "auth takes the platform to authorize: "
		    "almanac auth PLATFORM, one of: %s", names);
		free(names);
		return EXIT_USAGE;
	}
	if ((rc = options(cmd, &port, &timeout, &paste)) != EXIT_OK ||
	    !parse_platform_arg(cmd->operands[0], &mask)) {
		free(names);
		return EXIT_USAGE;
	}
	pf = platform_lookup(cmd->operands[0]);
	f.a = adapter_get((size_t)pf);
	if (f.a->authorize == NULL || f.a->exchange == NULL ||
	    f.a->grant_parse == NULL) {
		log_msg(LOG_ERROR, "almanac cannot authorize %s in a browser: "
		    "put its tokens in the credentials file as %s.access_token "
		    "(almanac auth takes: %s)", f.a->name, f.a->name, names);
		free(names);
		return EXIT_CONFIG;
	}
	free(names);
	if ((rc = load(app, &f)) != EXIT_OK) {
		flow_free(&f);
		return rc;
	}
	redact_init(&f.secrets, &f.cr);
	f.ctx.config = &app->cfg;
	f.ctx.pc = &app->cfg.platforms[pf];
	f.ctx.cred = &f.cr;
	f.ctx.tokens = &f.tokens;
	f.ctx.now = (long long)app->now;
	if ((rc = params(&f, port)) != EXIT_OK)
		goto out;
	/* Both requests built before anyone authorizes: a missing client id
	 * or secret is said now, not after. */
	if (f.a->authorize(&f.ctx, &f.p, &url, &err) == -1 ||
	    f.a->exchange(&f.ctx, &f.p, "-", &probe, &err) == -1) {
		log_msg(LOG_ERROR, "%s: almanac auth needs the app's client id "
		    "and secret: %s", f.a->name, err);
		free(err);
		rc = EXIT_CONFIG;
		goto out;
	}
	request_list_free(&probe);
	if (!paste && auth_listen(port, &fd, &err) == -1) {
		log_msg(LOG_ERROR, "%s: give another port with --port (the "
		    "app must have its redirect URI too)", err);
		free(err);
		rc = EXIT_TEMPFAIL;
		goto out;
	}
	printf("%s\n", url);
	fflush(stdout);
	date_duration(timeout, wait, sizeof(wait));
	if (paste)
		log_msg(LOG_INFO, "open the address above in a browser, sign in "
		    "and authorize almanac; %s then sends the browser to %s, "
		    "which does not load here: paste the address it shows on "
		    "the line below (within %s)", f.a->name, f.redirect,
		    wait);
	else
		log_msg(LOG_INFO, "open the address above in a browser, sign in "
		    "and authorize almanac; %s then sends the browser to %s, "
		    "where almanac waits for %s", f.a->name, f.redirect,
		    wait);
	rc = receive(&f, fd, paste, timeout);
	if (fd != -1)
		close(fd);
	if (rc == EXIT_OK)
		rc = exchange(app, &f);
out:
	if (url != NULL)
		explicit_bzero(url, strlen(url));
	free(url);
	flow_free(&f);
	return rc;
}
