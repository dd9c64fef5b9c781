/* bounce-codes-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-codes-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-codes-page.h"
#include "bounce-gui-util.h"

/* The entry a list row shows and the text a search matches, one per
 * listed entry. */
typedef struct
{
  const BounceStatusCode *code;
  guint                   index;     /* catalogue order */
  char                   *haystack;  /* code and texts, translated and in English, folded by bounce_format_fold() */
  /* The entries of the same code under another class, such as the
   * phrase entry "mailbox-full" under 5 besides 4: the row stands for
   * them too, in a group of its own. NULL for an entry of one class. */
  GPtrArray              *other_classes;
} CodeRowData;

struct _BounceCodesPage
{
  GtkWidget               parent_instance;

  GHashTable             *rows;        /* const BounceStatusCode * -> GtkListBoxRow */
  char                  **query_words; /* folded by bounce_format_fold(), or NULL to show every row */
  GHashTable             *query_codes; /* entries a code query names, or NULL */
  const BounceStatusCode *query_entry; /* the entry that explains the query, or NULL */
  gboolean                has_verdict; /* the query has one verdict, shown above its entries */
  const BounceStatusCode *shown_code;

  GtkPaned               *paned;
  GtkSearchEntry         *search_entry;
  GtkToggleButton        *class_button;
  GtkToggleButton        *subject_button;
  GtkStack               *list_stack;
  GtkListBox             *list_box;
  AdwStatusPage          *empty_page;
  AdwPreferencesGroup    *verdict_group;
  GtkLabel               *verdict_badge_label;
  AdwActionRow           *verdict_row;
  AdwActionRow           *basis_row;
  AdwActionRow           *verdict_action_row;
  GtkLabel               *code_label;
  GtkLabel               *title_label;
  AdwPreferencesGroup    *details_group;
  GtkLabel               *badge_label;
  AdwActionRow           *meaning_row;
  AdwActionRow           *causes_row;
  AdwActionRow           *action_row;
  AdwActionRow           *category_row;
  AdwActionRow           *group_row;
  AdwActionRow           *source_row;
};

G_DEFINE_FINAL_TYPE (BounceCodesPage, bounce_codes_page, GTK_TYPE_WIDGET)

static void
code_row_data_free (gpointer data)
{
  CodeRowData *row_data = data;

  g_free (row_data->haystack);
  g_clear_pointer (&row_data->other_classes, g_ptr_array_unref);
  g_free (row_data);
}

static CodeRowData *
row_get_data (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "bounce-code");
}

static gboolean
by_subject (BounceCodesPage *self)
{
  return gtk_toggle_button_get_active (self->subject_button);
}

/* The subjects in the order RFC 3463 numbers them. */
static int
subject_rank (const char *subject)
{
  static const char * const order[] = {
    "addressing", "mailbox", "system", "network", "protocol", "content", "security",
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (subject, order[i]))
      return (int) i;

  return G_N_ELEMENTS (order);
}

/* The rank of the group of the entries used with any class, after the
 * class digits '2' to '5'. */
#define ANY_CLASS_RANK '9'

static int
group_rank (BounceCodesPage   *self,
            const CodeRowData *data)
{
  if (by_subject (self))
    return subject_rank (data->code->subject);
  if (data->other_classes != NULL)
    return ANY_CLASS_RANK;

  return data->code->status_class;
}

static char *
dup_group_title (BounceCodesPage   *self,
                 const CodeRowData *data)
{
  const BounceStatusCode *code = data->code;

  if (by_subject (self))
    return g_strdup (bounce_status_code_subject_get_title (code->subject));
  if (data->other_classes != NULL)
    /* TRANSLATORS: the heading of the status codes used with any class,
     * such as the wordings of a full mailbox, after "5xx · Permanent failure" */
    return g_strdup (_("Any class"));

  /* TRANSLATORS: "5xx · Permanent failure"; the first %c is a digit */
  return g_strdup_printf (_("%cxx · %s"), code->status_class,
                          bounce_status_code_class_get_title (code->status_class));
}

/* TRUE when the row of @data stands for @code. */
static gboolean
row_data_has_code (const CodeRowData      *data,
                   const BounceStatusCode *code)
{
  if (data->code == code)
    return TRUE;

  for (guint i = 0; data->other_classes != NULL && i < data->other_classes->len; i++)
    if (g_ptr_array_index (data->other_classes, i) == code)
      return TRUE;

  return FALSE;
}

static int
sort_rows_cb (GtkListBoxRow *row1,
              GtkListBoxRow *row2,
              gpointer       user_data)
{
  BounceCodesPage *self = user_data;
  CodeRowData *data1 = row_get_data (row1);
  CodeRowData *data2 = row_get_data (row2);
  int rank1 = group_rank (self, data1);
  int rank2 = group_rank (self, data2);

  if (rank1 != rank2)
    return rank1 < rank2 ? -1 : 1;

  return data1->index < data2->index ? -1 : data1->index > data2->index;
}

static void
header_cb (GtkListBoxRow *row,
           GtkListBoxRow *before,
           gpointer       user_data)
{
  BounceCodesPage *self = user_data;
  CodeRowData *data = row_get_data (row);
  g_autofree char *title = dup_group_title (self, data);
  GtkWidget *header;

  if (before != NULL)
    {
      g_autofree char *before_title = dup_group_title (self, row_get_data (before));

      if (g_str_equal (title, before_title))
        {
          gtk_list_box_row_set_header (row, NULL);
          return;
        }
    }

  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_top (header, 12);
      gtk_widget_set_margin_bottom (header, 4);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_text (GTK_LABEL (header), title);
}

static gboolean
filter_cb (GtkListBoxRow *row,
           gpointer       user_data)
{
  BounceCodesPage *self = user_data;
  CodeRowData *data = row_get_data (row);

  if (self->query_codes != NULL)
    {
      GHashTableIter iter;
      gpointer code;

      g_hash_table_iter_init (&iter, self->query_codes);
      while (g_hash_table_iter_next (&iter, &code, NULL))
        if (row_data_has_code (data, code))
          return TRUE;
    }

  if (self->query_words == NULL)
    return self->query_codes == NULL;

  for (guint i = 0; self->query_words[i] != NULL; i++)
    if (strstr (data->haystack, self->query_words[i]) == NULL)
      return FALSE;

  return TRUE;
}

static void
set_row_subtitle (AdwActionRow *row,
                  const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_action_row_set_subtitle (row, escaped);
}

static void
show_entry (BounceCodesPage        *self,
            const BounceStatusCode *code)
{
  const char *provider = bounce_status_code_provider_get_name (code->provider);
  g_autofree char *group = NULL;
  g_autofree char *category = NULL;
  const char *reason = bounce_reason_get_description_for (code->reason, code->category);
  GtkListBoxRow *row = g_hash_table_lookup (self->rows, code);
  gboolean any_class = row != NULL && row_get_data (row)->other_classes != NULL;

  self->shown_code = code;

  gtk_label_set_text (self->code_label, code->code);
  gtk_label_set_text (self->title_label, code->title);
  adw_preferences_group_set_description (self->details_group, provider);

  if (code->category == BOUNCE_CATEGORY_UNKNOWN)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), FALSE);
      category = g_strdup (bounce_status_code_get_category_label (code));
    }
  else
    {
      bounce_gui_badge_set_category (self->badge_label, code->category);
      if (!gtk_widget_get_visible (GTK_WIDGET (self->badge_label)))
        {
          gtk_label_set_text (self->badge_label, bounce_category_get_title (code->category));
          gtk_widget_set_visible (GTK_WIDGET (self->badge_label), TRUE);
        }
      if (reason != NULL && code->category != BOUNCE_CATEGORY_NOT_BOUNCE)
        /* TRANSLATORS: "Hard bounce — The address does not exist at the recipient’s domain." */
        category = g_strdup_printf (_("%s — %s"), bounce_status_code_get_category_label (code), reason);
      else
        category = g_strdup (bounce_status_code_get_category_label (code));
    }

  /* TRANSLATORS: "Permanent failure · Addressing" */
  group = g_strdup_printf (_("%s · %s"),
                           any_class ? _("Any class") : bounce_status_code_class_get_title (code->status_class),
                           bounce_status_code_subject_get_title (code->subject));

  set_row_subtitle (self->meaning_row, code->meaning);
  set_row_subtitle (self->causes_row, code->causes);
  set_row_subtitle (self->action_row, code->action);
  /* An entry of a query with one verdict leaves the advice to it, as
   * `bounce-cli explain` does: 5.1.1 alone advises "Remove the address",
   * but a bare "user unknown" keeps the contact. */
  gtk_widget_set_visible (GTK_WIDGET (self->action_row),
                          !(self->has_verdict && self->query_codes != NULL &&
                            g_hash_table_contains (self->query_codes, code)));
  set_row_subtitle (self->category_row, category);
  set_row_subtitle (self->group_row, group);
  set_row_subtitle (self->source_row, code->source);
}

static void
row_selected_cb (BounceCodesPage *self,
                 GtkListBoxRow   *row)
{
  if (row != NULL)
    show_entry (self, row_get_data (row)->code);
}

static void
select_first_visible_row (BounceCodesPage *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list_box);
  GtkWidget *child;

  if (selected != NULL && gtk_widget_get_child_visible (GTK_WIDGET (selected)))
    return;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
        {
          gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

/* Rows that the filter keeps, counted by the same rule as filter_cb(). */
static gboolean
any_row_visible (BounceCodesPage *self)
{
  GHashTableIter iter;
  GtkListBoxRow *row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (filter_cb (row, self))
      return TRUE;

  return FALSE;
}

/* Shows the verdict that `bounce-cli explain` prints for the query, or
 * hides it when @explanation is NULL or has none. */
static void
show_verdict (BounceCodesPage         *self,
              const BounceExplanation *explanation)
{
  g_autofree char *description = NULL;
  g_autofree char *basis_sentence = NULL;
  g_autoptr(GString) basis = NULL;
  g_autoptr(GPtrArray) differences = NULL;

  self->has_verdict = explanation != NULL && bounce_explanation_has_verdict (explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_group), self->has_verdict);
  if (!self->has_verdict)
    return;

  description = bounce_explanation_dup_description (explanation);
  basis_sentence = bounce_explanation_dup_basis (explanation);
  basis = g_string_new (basis_sentence);
  differences = bounce_explanation_dup_differences (explanation);
  for (guint i = 0; i < differences->len; i++)
    g_string_append_printf (basis, "\n%s", (const char *) g_ptr_array_index (differences, i));

  adw_preferences_group_set_title (self->verdict_group,
                                   explanation->has_text ? _("Verdict for the Whole Line") : _("Verdict"));
  bounce_gui_badge_set_category (self->verdict_badge_label, explanation->verdict);
  set_row_subtitle (self->verdict_row,
                    description != NULL ? description
                                        : bounce_category_get_explanation (explanation->verdict));
  set_row_subtitle (self->basis_row, basis->str);
  set_row_subtitle (self->verdict_action_row, bounce_explanation_get_action (explanation));
}

/* Shows or hides the details of the selected entry, below the verdict. */
static void
set_entry_visible (BounceCodesPage *self,
                   gboolean         visible)
{
  gtk_widget_set_visible (GTK_WIDGET (self->code_label), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), visible);
}

static void
search_changed_cb (BounceCodesPage *self)
{
  gboolean explained;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_auto(BounceExplanation) explanation = { NULL };
  /* Case and accents are ignored, so "boite pleine" finds "boîte pleine". */
  g_autofree char *folded = bounce_format_fold (text);

  g_clear_pointer (&self->query_words, g_strfreev);
  g_clear_pointer (&self->query_codes, g_hash_table_unref);
  self->query_entry = NULL;

  /* A line with codes or a classifier phrase ("550 5.1.1 user unknown",
   * "user unknown") lists the entries that `bounce-cli explain` gives for
   * it. Codes alone also list every provider's use of them. Other words
   * must all occur in a row's code or texts. */
  explained = bounce_explanation_init (&explanation, text);
  show_verdict (self, explained ? &explanation : NULL);
  if (explained)
    {
      g_autoptr(GPtrArray) entries = NULL;

      if (explanation.has_text)
        entries = g_ptr_array_ref (explanation.entries);
      else
        entries = bounce_status_code_explain (explanation.reply_code, explanation.status, NULL);

      if (entries->len > 0)
        {
          self->query_codes = g_hash_table_new (NULL, NULL);
          for (guint i = 0; i < entries->len; i++)
            g_hash_table_add (self->query_codes, g_ptr_array_index (entries, i));
          self->query_entry = explanation.primary;
        }
    }

  /* A phrase without a code ("mailbox full") also lists the rows whose
   * texts contain its words. */
  if ((self->query_codes == NULL || (explanation.reply_code == NULL && explanation.status == NULL)) &&
      *g_strstrip (folded) != '\0')
    self->query_words = g_strsplit_set (folded, " \t", -1);

  /* g_strsplit_set() leaves empty words between double spaces. */
  if (self->query_words != NULL)
    {
      guint kept = 0;

      for (guint i = 0; self->query_words[i] != NULL; i++)
        {
          if (self->query_words[i][0] == '\0')
            g_free (self->query_words[i]);
          else
            self->query_words[kept++] = self->query_words[i];
        }
      self->query_words[kept] = NULL;
    }

  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);

  /* Without a match the details of an earlier entry would stay on show,
   * so they are hidden. The details side stays, empty, so the search
   * field and the grouping buttons keep the sidebar's width. */
  if (any_row_visible (self))
    {
      GtkListBoxRow *query_row = NULL;
      GtkListBoxRow *selected;

      gtk_stack_set_visible_child_name (self->list_stack, "list");
      set_entry_visible (self, TRUE);

      /* The entry that `bounce-cli explain` shows first is selected
       * first. A row that stays selected is shown again, because the
       * query decides whether its advice is on show. */
      if (self->query_entry != NULL)
        query_row = g_hash_table_lookup (self->rows, self->query_entry);
      if (query_row != NULL && filter_cb (query_row, self))
        gtk_list_box_select_row (self->list_box, query_row);
      else
        select_first_visible_row (self);
      selected = gtk_list_box_get_selected_row (self->list_box);
      if (selected != NULL)
        show_entry (self, row_get_data (selected)->code);
    }
  else
    {
      /* A line that no entry describes can still have a verdict, such as
       * a delay warning's "Delivery incomplete": it stays on show. */
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      if (self->has_verdict)
        {
          adw_status_page_set_title (self->empty_page, _("No Catalogue Entry"));
          adw_status_page_set_description (self->empty_page,
                                           _("No code in the catalogue matches these words, but they "
                                             "decide the verdict shown beside this list."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Matching Codes"));
          adw_status_page_set_description (self->empty_page,
                                           _("Try a code such as 550 or 5.7.1, or words from the bounce "
                                             "such as “mailbox full”."));
        }
      gtk_list_box_unselect_all (self->list_box);
      set_entry_visible (self, FALSE);
      self->shown_code = NULL;
    }
}

static void
grouping_toggled_cb (BounceCodesPage *self)
{
  gtk_list_box_invalidate_sort (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);
}

static GtkWidget *
create_row (const BounceStatusCode *code,
            guint                   index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *code_label = gtk_label_new (code->code);
  GtkWidget *title_label = gtk_label_new (code->title);
  CodeRowData *data = g_new0 (CodeRowData, 1);
  g_autofree char *haystack = NULL;

  gtk_label_set_xalign (GTK_LABEL (code_label), 0);
  gtk_label_set_width_chars (GTK_LABEL (code_label), 11);
  gtk_label_set_ellipsize (GTK_LABEL (code_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (code_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (code_label, "monospace");
  /* Titles wrap rather than end in "…": cut to the list's width, several
   * German titles read alike, such as three that start "Ungültige
   * Syntax der". */
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_valign (title_label, GTK_ALIGN_START);
  gtk_widget_set_hexpand (title_label, TRUE);
  gtk_widget_set_tooltip_text (row, code->title);
  gtk_box_append (GTK_BOX (box), code_label);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  haystack = bounce_status_code_dup_search_text (code);
  data->code = code;
  data->index = index;
  data->haystack = bounce_format_fold (haystack);
  g_object_set_data_full (G_OBJECT (row), "bounce-code", data, code_row_data_free);

  return row;
}

static void
bounce_codes_page_dispose (GObject *object)
{
  BounceCodesPage *self = (BounceCodesPage *)object;

  /* The list box outlives the template children its callbacks read. */
  if (self->list_box != NULL)
    {
      gtk_list_box_set_sort_func (self->list_box, NULL, NULL, NULL);
      gtk_list_box_set_header_func (self->list_box, NULL, NULL, NULL);
      gtk_list_box_set_filter_func (self->list_box, NULL, NULL, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_CODES_PAGE);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->query_words, g_strfreev);
  g_clear_pointer (&self->query_codes, g_hash_table_unref);

  G_OBJECT_CLASS (bounce_codes_page_parent_class)->dispose (object);
}

static void
bounce_codes_page_class_init (BounceCodesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_codes_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-codes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, class_button);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, subject_button);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, verdict_group);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, verdict_badge_label);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, verdict_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, basis_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, verdict_action_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, badge_label);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, meaning_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, causes_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, action_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, category_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, group_row);
  gtk_widget_class_bind_template_child (widget_class, BounceCodesPage, source_row);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, grouping_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static const BounceStatusCode *find_entry (const char *text);

/* The page opens on a row far down the list, below the 2xx and 4xx codes.
 * Positions are known only once the list is laid out, so this waits for
 * a frame after the list is first on screen. */
static gboolean
scroll_to_selected_cb (GtkWidget     *list_box,
                       GdkFrameClock *frame_clock,
                       gpointer       user_data)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (list_box));
  GtkWidget *viewport = gtk_widget_get_parent (list_box);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (list_box) || gtk_widget_get_height (list_box) == 0)
    return G_SOURCE_CONTINUE;

  if (row != NULL && GTK_IS_SCROLLABLE (viewport) &&
      gtk_widget_compute_bounds (GTK_WIDGET (row), list_box, &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));

      gtk_adjustment_set_value (adjustment, bounds.origin.y - gtk_adjustment_get_page_size (adjustment) / 3);
    }

  return G_SOURCE_REMOVE;
}

static void
bounce_codes_page_init (BounceCodesPage *self)
{
  g_autoptr(GPtrArray) codes = bounce_status_code_list ();
  g_autoptr(GHashTable) by_code = NULL;
  const BounceStatusCode *default_entry;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The catalogue has a few hundred rows, so a GtkListBox with headers
   * suffices. GTK 4.8's list views have no section headers. */
  self->rows = g_hash_table_new (NULL, NULL);
  by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < codes->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (codes, i);
      g_autofree char *key = g_strdup_printf ("%s@%s", code->code, code->provider != NULL ? code->provider : "");
      GtkWidget *row = g_hash_table_lookup (by_code, key);

      /* A phrase entry keeps its name under each class it is used with,
       * so the list would show it twice: it gets one row. */
      if (row != NULL)
        {
          CodeRowData *data = row_get_data (GTK_LIST_BOX_ROW (row));

          if (data->other_classes == NULL)
            data->other_classes = g_ptr_array_new ();
          g_ptr_array_add (data->other_classes, (gpointer) code);
        }
      else
        {
          row = create_row (code, i);
          gtk_list_box_append (self->list_box, row);
          g_hash_table_insert (by_code, g_steal_pointer (&key), row);
        }
      g_hash_table_insert (self->rows, (gpointer) code, row);
    }

  gtk_list_box_set_sort_func (self->list_box, sort_rows_cb, self, NULL);
  gtk_list_box_set_header_func (self->list_box, header_cb, self, NULL);
  gtk_list_box_set_filter_func (self->list_box, filter_cb, self, NULL);
  bounce_gui_list_tab_leaves (GTK_WIDGET (self->list_box));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  /* The list starts with 2xx success codes, but someone who opens the
   * page from a bounce list looks up failures, so the page opens on
   * 5.1.1, the hard bounce of an address that does not exist. */
  default_entry = find_entry ("5.1.1");
  if (default_entry != NULL && g_hash_table_contains (self->rows, default_entry))
    gtk_list_box_select_row (self->list_box, g_hash_table_lookup (self->rows, default_entry));
  select_first_visible_row (self);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->list_box), scroll_to_selected_cb, NULL, NULL);
}

GtkWidget *
bounce_codes_page_new (void)
{
  return g_object_new (BOUNCE_TYPE_CODES_PAGE, NULL);
}

/* The entry that describes exactly what @text names: a provider entry or
 * a code equal to one found in it, else the closest fallback. */
static const BounceStatusCode *
find_entry (const char *text)
{
  g_auto(BounceExplanation) explanation = { NULL };

  if (!bounce_explanation_init (&explanation, text))
    return NULL;

  return explanation.primary;
}

void
bounce_codes_page_show_code (BounceCodesPage *self,
                             const char      *code)
{
  const BounceStatusCode *entry;
  GtkListBoxRow *row;

  g_return_if_fail (BOUNCE_IS_CODES_PAGE (self));
  g_return_if_fail (code != NULL);

  if (code[0] == '\0')
    return;

  entry = find_entry (code);
  if (entry == NULL)
    {
      bounce_codes_page_set_search_text (self, code);
      return;
    }

  /* Codes alone ("550 5.1.1") list both parts and the providers' uses of
   * them. Other text clears the search so that the row can be shown. An
   * entry the list does not show (an X row under an unusual class) is
   * still explained. */
  if (strspn (code, "0123456789. -") == strlen (code))
    bounce_codes_page_set_search_text (self, code);
  else
    bounce_codes_page_set_search_text (self, "");
  row = g_hash_table_lookup (self->rows, entry);
  if (row != NULL)
    {
      gtk_list_box_select_row (self->list_box, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    gtk_list_box_unselect_all (self->list_box);

  show_entry (self, entry);
}

void
bounce_codes_page_set_search_text (BounceCodesPage *self,
                                   const char      *text)
{
  g_return_if_fail (BOUNCE_IS_CODES_PAGE (self));
  g_return_if_fail (text != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);

  /* GtkSearchEntry emits search-changed after a delay, so filter now. */
  search_changed_cb (self);
}

const BounceStatusCode *
bounce_codes_page_get_shown_code (BounceCodesPage *self)
{
  g_return_val_if_fail (BOUNCE_IS_CODES_PAGE (self), NULL);

  return self->shown_code;
}
