/* cli-printers.c: `frontdesk printers [--json]`: every CUPS destination with its state, media and
 * resolution. */
#include <stdio.h>

#include "cli.h"
#include "printer.h"

static const char *state_name(int state)
{
	switch (state) {
	case 3:
		return "idle";
	case 4:
		return "processing";
	case 5:
		return "stopped";
	default:
		return "unknown";
	}
}

static void print_text(const desk_printer_t *p)
{
	printf("%s%s: %s\n", p->name, p->is_default ? " (default)" : "",
	       *p->make_model ? p->make_model : "unknown model");
	printf("  state: %s, %s", state_name(p->state),
	       p->accepting ? "accepting" : "not accepting");
	for (guint i = 0; i < p->reasons->len; i++)
		printf("%s%s", i ? " " : ", reasons: ", (char *)p->reasons->pdata[i]);
	if (*p->state_message)
		printf(" (%s)", p->state_message);
	printf("\n  kind: %s\n  resolution: %dx%d dpi",
	       p->label ? "label (1-bit raster)" : "sheet (PDF)", p->dpi_x, p->dpi_y);
	for (guint i = 0; i < p->resolutions->len; i++)
		printf("%s%s", i ? ", " : " (supported: ", (char *)p->resolutions->pdata[i]);
	printf("%s\n  media:\n", p->resolutions->len ? ")" : "");
	for (guint i = 0; i < p->media->len; i++) {
		const desk_media_t *m = p->media->pdata[i];
		printf("    %s%s: %.2f x %.2f mm, margins left %.2f right %.2f top %.2f bottom "
		       "%.2f mm\n",
		       m->name, g_strcmp0(m->name, p->media_default) == 0 ? " (default)" : "",
		       m->width / 100.0, m->length / 100.0, m->left / 100.0, m->right / 100.0,
		       m->top / 100.0, m->bottom / 100.0);
	}
}

static void print_json(GPtrArray *printers)
{
	g_autoptr(JsonArray) array = json_array_new();
	for (guint i = 0; i < printers->len; i++)
		json_array_add_element(array, desk_printer_to_json(printers->pdata[i]));
	g_autoptr(JsonNode) root = json_node_new(JSON_NODE_ARRAY);
	json_node_set_array(root, array);
	g_autofree char *text = json_to_string(root, TRUE);
	printf("%s\n", text);
}

int desk_cli_printers(int argc, char **argv)
{
	gboolean json = FALSE;
	const GOptionEntry entries[] = {
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "", "List the CUPS printers, their state and media.",
	                    entries))
		return 2;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) printers = desk_printer_list(&error);
	if (!printers) {
		desk_cli_fail(error);
		return 1;
	}
	if (json) {
		print_json(printers);
		return 0;
	}
	if (printers->len == 0)
		printf("no printers (CUPS server %s)\n",
		       g_getenv("CUPS_SERVER") ? g_getenv("CUPS_SERVER") : "default");
	for (guint i = 0; i < printers->len; i++)
		print_text(printers->pdata[i]);
	return 0;
}
